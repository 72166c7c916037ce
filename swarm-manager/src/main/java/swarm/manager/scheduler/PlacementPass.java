package swarm.manager.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.TaskSpec;
import swarm.manager.scheduler.filter.Pipeline;
import swarm.manager.state.ClusterState;

/**
 * The working state of one scheduler pass: every node with what is placed on it (the tasks already there, then each
 * placement of this pass as it is made), and the pass's task groups (swarmkit's: tasks of one service with the same
 * spec and endpoint, which every filter judges alike). A group runs the filter pipeline over all nodes once, when
 * its first task comes; its eligible nodes wait in a {@link DecisionTree}. Each later placement, of any group,
 * changes one node, which is appended to {@link #changed}; before a group places its next task it re-checks just the
 * nodes changed since it last looked, dropping those that can no longer take its tasks. That is exact because every
 * filter is monotone within a pass (see {@link swarm.manager.scheduler.filter.NodeFilter}): placements only ever
 * turn a node from accepting to refusing, so a node refused when the group started stays refused. The result is the
 * same placement, task by task, as running the pipeline over every node for every task, at O(log nodes) a task.
 *
 * <p>Not thread-safe: one pass, one thread.
 */
final class PlacementPass {
  private final Pipeline pipeline;
  private final Map<String, NodeInfo> nodes;
  private final List<NodeInfo> nodeList;
  /** Every node that took a task in this pass, in order (a node once per placement). */
  private final List<NodeInfo> changed = new ArrayList<>();
  private final Map<GroupKey, Group> groups = new HashMap<>();
  private Group last;

  PlacementPass(Pipeline pipeline, ClusterState state) {
    this.pipeline = pipeline;
    this.nodes = nodeInfos(state);
    this.nodeList = List.copyOf(nodes.values());
  }

  /** Where a task went, or, when no node could take it, why. */
  record Decision(NodeInfo node, String explanation) {}

  /**
   * Places one task, counting it on its node before the next task is placed. A global task, whose node the
   * orchestrator chose, goes there if the filters pass, else stays PENDING with the reason.
   */
  Decision place(Task task) {
    if (task.nodeId() != null) {
      NodeInfo own = nodes.get(task.nodeId());
      if (own == null) {
        return new Decision(null, "no suitable node (node " + task.nodeId() + " is not in the swarm)");
      }
      Pipeline.Outcome outcome = pipeline.evaluate(task, List.of(own));
      if (outcome.eligible().isEmpty()) {
        return new Decision(null, outcome.explanation());
      }
      return new Decision(record(own, task), null);
    }
    Group g = groupOf(task);
    catchUp(g, task);
    NodeInfo best = g.tree.best();
    if (best == null) {
      // The pipeline over every node again, for the counts of the message; unchanged while nothing was placed.
      if (g.explainedAt != changed.size()) {
        g.explanation = pipeline.evaluate(task, nodeList).explanation();
        g.explainedAt = changed.size();
      }
      return new Decision(null, g.explanation);
    }
    return new Decision(record(best, task), null);
  }

  private NodeInfo record(NodeInfo node, Task task) {
    node.addTask(task);
    changed.add(node);
    return node;
  }

  private Group groupOf(Task task) {
    if (last != null && last.key.matches(task)) {
      return last;
    }
    GroupKey key = GroupKey.of(task);
    last = groups.computeIfAbsent(key, Group::new);
    return last;
  }

  /** Builds the group's tree on its first task; later, re-checks the nodes changed since it last looked. */
  private void catchUp(Group g, Task task) {
    if (g.tree == null) {
      g.tree = new DecisionTree(task.serviceId(), spread(task));
      for (NodeInfo n : nodeList) {
        if (pipeline.accepts(n, task)) {
          g.tree.add(n);
        }
      }
    } else {
      for (int i = g.seen; i < changed.size(); i++) {
        NodeInfo n = changed.get(i);
        if (g.tree.contains(n)) {
          if (pipeline.accepts(n, task)) {
            g.tree.refresh(n);
          } else {
            g.tree.remove(n);
          }
        }
      }
    }
    g.seen = changed.size();
  }

  private static List<String> spread(Task task) {
    return task.spec() == null ? List.of() : task.spec().placement().spreadDescriptors();
  }

  /** Every node with the active tasks already on it (placed, not stopped, still meant to run or stopping). */
  static Map<String, NodeInfo> nodeInfos(ClusterState state) {
    Map<String, NodeInfo> nodes = new TreeMap<>();
    for (Node n : state.nodes().values()) {
      nodes.put(n.id(), NodeInfo.of(n));
    }
    for (Task t : state.tasks().values()) {
      if (t.nodeId() != null && t.state().isAtLeast(TaskState.ASSIGNED) && !t.state().isTerminal()) {
        NodeInfo n = nodes.get(t.nodeId());
        if (n != null) {
          n.addTask(t);
        }
      }
    }
    return nodes;
  }

  /** What the filters and the ranking read of a task: tasks equal in these are placed from one tree. */
  private record GroupKey(String serviceId, TaskSpec spec, EndpointSpec endpoint) {
    static GroupKey of(Task t) {
      return new GroupKey(t.serviceId(), t.spec(), t.endpoint());
    }

    boolean matches(Task t) {
      return Objects.equals(serviceId, t.serviceId()) && Objects.equals(spec, t.spec())
          && Objects.equals(endpoint, t.endpoint());
    }
  }

  private static final class Group {
    final GroupKey key;
    DecisionTree tree;
    /** How much of {@link #changed} the tree has taken into account. */
    int seen;
    String explanation;
    int explainedAt = -1;

    Group(GroupKey key) {
      this.key = key;
    }
  }
}
