package swarm.manager.scheduler.filter;

import swarm.core.object.Task;
import swarm.manager.scheduler.NodeInfo;

/**
 * One feasibility rule (swarmkit's {@code Filter}): can this node take this task? Implementations are thread-safe.
 *
 * <p>Two promises let the scheduler filter all nodes once per group of like tasks rather than once per task:
 * <ul>
 *   <li>the verdict depends only on the node and the task's service, spec and endpoint (not its id or slot);</li>
 *   <li>it is monotone within a pass: counting more tasks on a node ({@link NodeInfo#addTask}) may turn an accept
 *       into a refusal, never a refusal into an accept.</li>
 * </ul>
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
