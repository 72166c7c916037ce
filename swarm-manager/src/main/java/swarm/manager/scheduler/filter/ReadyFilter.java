package swarm.manager.scheduler.filter;

import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.manager.scheduler.NodeInfo;

/** Only nodes that are READY and ACTIVE (not paused or drained) take new tasks. Stateless. */
public final class ReadyFilter implements NodeFilter {
  @Override
  public boolean accepts(NodeInfo node, Task task) {
    Node n = node.node();
    return n.isReady() && n.spec() != null && n.spec().availability() == Node.Availability.ACTIVE;
  }

  @Override
  public String explain(int rejectedNodes) {
    return NodeFilter.nodes(rejectedNodes) + " not available for new tasks";
  }
}
