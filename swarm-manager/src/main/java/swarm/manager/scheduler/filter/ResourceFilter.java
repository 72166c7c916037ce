package swarm.manager.scheduler.filter;

import swarm.core.object.Task;
import swarm.core.spec.Resources;
import swarm.manager.scheduler.NodeInfo;

/**
 * The task's CPU and memory reservations fit in what the node has left after the reservations of
 * the tasks already on it. A task that reserves nothing fits anywhere. Stateless.
 */
public final class ResourceFilter implements NodeFilter {
  @Override
  public boolean accepts(NodeInfo node, Task task) {
    Resources want = task.spec() == null ? Resources.NONE : task.spec().resources().reservations();
    Resources left = node.available();
    return (want.nanoCpus() == 0 || want.nanoCpus() <= left.nanoCpus())
        && (want.memoryBytes() == 0 || want.memoryBytes() <= left.memoryBytes());
  }

  @Override
  public String explain(int rejectedNodes) {
    return "insufficient resources on " + NodeFilter.nodes(rejectedNodes);
  }
}
