package swarm.manager.scheduler.filter;

import java.util.List;
import swarm.core.object.Task;
import swarm.core.spec.Constraint;
import swarm.manager.scheduler.NodeInfo;

/**
 * The node meets every placement constraint of the task ({@code --constraint}, ANDed). A stored
 * constraint that no longer parses matches no node (validation at service create keeps them out).
 * Thread-safe: it remembers the last constraints it parsed (an immutable value), since the scheduler asks about
 * one task's constraints for many nodes in a row.
 */
public final class ConstraintFilter implements NodeFilter {
  private volatile Parsed last = new Parsed(List.of(), List.of());

  @Override
  public boolean accepts(NodeInfo node, Task task) {
    List<String> exprs = constraints(task);
    if (exprs.isEmpty()) {
      return true;
    }
    List<Constraint> parsed = parse(exprs);
    if (parsed == null) {
      return false;
    }
    for (Constraint c : parsed) {
      if (!c.matches(node.attribute(c.key()))) {
        return false;
      }
    }
    return true;
  }

  /** The parsed constraints, null when one does not parse. */
  private List<Constraint> parse(List<String> exprs) {
    Parsed p = last;
    if (p.exprs() != exprs && !p.exprs().equals(exprs)) {
      List<Constraint> constraints;
      try {
        constraints = Constraint.parseAll(exprs);
      } catch (IllegalArgumentException invalid) {
        constraints = null;
      }
      p = new Parsed(exprs, constraints);
      last = p;
    }
    return p.constraints();
  }

  private record Parsed(List<String> exprs, List<Constraint> constraints) {}

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
