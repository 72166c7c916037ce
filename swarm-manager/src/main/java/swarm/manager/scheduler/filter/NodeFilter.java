package swarm.manager.scheduler.filter;

import swarm.core.object.Task;
import swarm.manager.scheduler.NodeInfo;

/**
 * One feasibility rule (swarmkit's {@code Filter}): can this node take this task? Implementations
 * are stateless and thread-safe.
 */
public interface NodeFilter {
  boolean accepts(NodeInfo node, Task task);

  /** Why {@code rejectedNodes} nodes were refused, for the task's status: "insufficient resources on 2 nodes". */
  String explain(int rejectedNodes);

  /** Like {@link #explain(int)}, for filters whose reason depends on the task (which constraint). */
  default String explain(int rejectedNodes, Task task) {
    return explain(rejectedNodes);
  }

  /** "1 node" / "3 nodes". */
  static String nodes(int n) {
    return n == 1 ? "1 node" : n + " nodes";
  }
}
