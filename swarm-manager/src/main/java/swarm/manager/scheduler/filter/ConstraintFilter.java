package swarm.manager.scheduler.filter;

import java.util.List;
import swarm.core.object.Task;
import swarm.core.spec.Constraint;
import swarm.manager.scheduler.NodeInfo;

/**
 * The node meets every placement constraint of the task ({@code --constraint}, ANDed). A stored
 * constraint that no longer parses matches no node (validation at service create keeps them out).
 * Stateless.
 */
public final class ConstraintFilter implements NodeFilter {
  @Override
  public boolean accepts(NodeInfo node, Task task) {
    List<String> exprs = constraints(task);
    if (exprs.isEmpty()) {
      return true;
    }
    try {
      for (Constraint c : Constraint.parseAll(exprs)) {
        if (!c.matches(node.attribute(c.key()))) {
          return false;
        }
      }
      return true;
    } catch (IllegalArgumentException invalid) {
      return false;
    }
  }

  @Override
  public String explain(int rejectedNodes) {
    return NodeFilter.nodes(rejectedNodes) + " not matching constraints";
  }

  /** "2 nodes not matching constraint node.labels.zone==a" (all of them, when there are several). */
  @Override
  public String explain(int rejectedNodes, Task task) {
    List<String> exprs = constraints(task);
    return NodeFilter.nodes(rejectedNodes) + " not matching constraint" + (exprs.size() == 1 ? " " : "s ")
        + String.join(", ", exprs.stream().map(String::strip).toList());
  }

  private static List<String> constraints(Task task) {
    return task.spec() == null ? List.of() : task.spec().placement().constraints();
  }
}
