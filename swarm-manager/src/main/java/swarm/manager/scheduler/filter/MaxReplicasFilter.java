package swarm.manager.scheduler.filter;

import swarm.core.object.Task;
import swarm.manager.scheduler.NodeInfo;

/**
 * The node runs fewer tasks of the task's service than {@code --replicas-max-per-node} (0 =
 * unlimited). Counts the tasks placed earlier in the same pass too. Stateless.
 */
public final class MaxReplicasFilter implements NodeFilter {
  @Override
  public boolean accepts(NodeInfo node, Task task) {
    long max = task.spec() == null ? 0 : task.spec().placement().maxReplicas();
    return max <= 0 || node.tasksOf(task.serviceId()) < max;
  }

  /** Docker's "max replicas per node limit exceed", with the count. */
  @Override
  public String explain(int rejectedNodes) {
    return "max replicas per node limit exceeded on " + NodeFilter.nodes(rejectedNodes);
  }
}
