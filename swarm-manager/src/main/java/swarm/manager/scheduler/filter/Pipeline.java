package swarm.manager.scheduler.filter;

import java.util.ArrayList;
import java.util.List;
import swarm.core.object.Task;
import swarm.manager.scheduler.NodeInfo;

/**
 * Runs the filters in order over every node for one task (swarmkit's {@code pipeline.go}): the
 * nodes that pass all of them, and, counting which filter refused each other node first, the
 * message "no suitable node (1 node not available for new tasks; insufficient resources on 2 nodes)".
 * Stateless and thread-safe.
 */
public final class Pipeline {
  private final List<NodeFilter> filters;

  public Pipeline(List<NodeFilter> filters) {
    this.filters = List.copyOf(filters);
  }

  public static Pipeline standard() {
    return new Pipeline(List.of(new ReadyFilter(), new ResourceFilter(), new ConstraintFilter(),
        new HostPortFilter(), new MaxReplicasFilter()));
  }

  /** The nodes that can take the task, and, when there are none, why. */
  public record Outcome(List<NodeInfo> eligible, String explanation) {}

  /** The node passes every filter for the task. */
  public boolean accepts(NodeInfo node, Task task) {
    for (NodeFilter f : filters) {
      if (!f.accepts(node, task)) {
        return false;
      }
    }
    return true;
  }

  public Outcome evaluate(Task task, List<NodeInfo> nodes) {
    int[] rejected = new int[filters.size()];
    List<NodeInfo> eligible = new ArrayList<>();
    for (NodeInfo n : nodes) {
      int refusedBy = -1;
      for (int i = 0; i < filters.size() && refusedBy < 0; i++) {
        if (!filters.get(i).accepts(n, task)) {
          refusedBy = i;
        }
      }
      if (refusedBy < 0) {
        eligible.add(n);
      } else {
        rejected[refusedBy]++;
      }
    }
    return new Outcome(eligible, eligible.isEmpty() ? explain(rejected, task) : null);
  }

  private String explain(int[] rejected, Task task) {
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      if (rejected[i] > 0) {
        reasons.add(filters.get(i).explain(rejected[i], task));
      }
    }
    return reasons.isEmpty() ? "no suitable node (no nodes in the swarm)"
        : "no suitable node (" + String.join("; ", reasons) + ")";
  }
}
