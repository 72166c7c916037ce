package swarm.manager.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.controller.Controller;
import swarm.manager.scheduler.filter.Pipeline;
import swarm.manager.state.ClusterState;

/**
 * Places PENDING tasks (PENDING → ASSIGNED): for each, the {@link Pipeline} keeps the nodes that
 * can take it, then spread ranking picks the one with the fewest tasks of the same service, then
 * the fewest tasks in all (node id breaks ties, so passes are deterministic). Every placement is
 * counted before the next task is placed, so one pass places many tasks evenly. A task that fits
 * nowhere stays PENDING with the reason in its status message (written only when it changes).
 * Placement preferences ({@code --placement-pref spread=...}) pick a branch of nodes first (see
 * {@link #choose}). Stateless; thread-safe.
 *
 * <p>TODO: host-port conflicts, the platform filter; and a per-service heap instead of scanning
 * every node per task (the 20,000 placements/s target).
 */
public final class Scheduler implements Controller {
  private final Pipeline pipeline;

  public Scheduler() {
    this(Pipeline.standard());
  }

  public Scheduler(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  private static final Comparator<NodeInfo> SPREAD_NO_SERVICE = Comparator.comparingInt(NodeInfo::taskCount)
      .thenComparing(n -> n.node().id());

  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<Task> pending = state.tasks().values().stream()
        .filter(t -> t.state() == TaskState.PENDING && t.desiredState().compareTo(TaskState.RUNNING) <= 0)
        .sorted(ClusterState.TASK_ORDER)
        .toList();
    if (pending.isEmpty()) {
      return List.of();
    }
    Map<String, NodeInfo> nodes = nodeInfos(state);
    List<StoreCommand> commands = new ArrayList<>();
    for (Task task : pending) {
      Pipeline.Outcome outcome = evaluate(task, nodes);
      if (outcome.eligible().isEmpty()) {
        if (!outcome.explanation().equals(task.status().message())) {
          // Swarm's scheduler puts the reason in Err, so `service ps` shows it in the ERROR column.
          commands.add(new StoreCommand.UpdateTaskStatus(task.id(),
              new TaskStatus(now, TaskState.PENDING, outcome.explanation(), outcome.explanation(), null)));
        }
        continue;
      }
      NodeInfo best = choose(task, outcome.eligible());
      nodes.put(best.node().id(), best.withTask(task));
      commands.add(new StoreCommand.AssignTask(task.id(), best.node().id(), now));
    }
    return commands;
  }

  /**
   * The best eligible node: down the decision tree of the task's spread preferences (one level each,
   * in flag order), into the branch (label value; nodes lacking the label form their own branch)
   * with the fewest tasks of the service, then the node with the fewest tasks of the service, then
   * the fewest tasks in all. Choosing per task, with counts updated after each placement, splits a
   * batch over branches as evenly as swarmkit's {@code scheduleNTasksOnSubtree} does. As there, the
   * counts are over the nodes that can take the task.
   */
  static NodeInfo choose(Task task, List<NodeInfo> eligible) {
    String service = task.serviceId();
    List<NodeInfo> candidates = eligible;
    List<String> spread = task.spec() == null ? List.of() : task.spec().placement().spreadDescriptors();
    for (String key : spread) {
      Map<String, List<NodeInfo>> branches = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
      for (NodeInfo n : candidates) {
        branches.computeIfAbsent(n.attribute(key), k -> new ArrayList<>()).add(n);
      }
      candidates = branches.values().stream()
          .min(Comparator.comparingInt(b -> b.stream().mapToInt(n -> n.tasksOf(service)).sum()))
          .orElseThrow();
    }
    return candidates.stream()
        .min(Comparator.comparingInt((NodeInfo n) -> n.tasksOf(service)).thenComparing(SPREAD_NO_SERVICE))
        .orElseThrow();
  }

  /**
   * The filters over every node; for a global task, whose node the orchestrator chose, over that node only: it
   * is assigned there if the filters pass, else stays PENDING with the reason.
   */
  private Pipeline.Outcome evaluate(Task task, Map<String, NodeInfo> nodes) {
    if (task.nodeId() == null) {
      return pipeline.evaluate(task, new ArrayList<>(nodes.values()));
    }
    NodeInfo own = nodes.get(task.nodeId());
    return own != null ? pipeline.evaluate(task, List.of(own))
        : new Pipeline.Outcome(List.of(), "no suitable node (node " + task.nodeId() + " is not in the swarm)");
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
          nodes.put(n.node().id(), n.withTask(t));
        }
      }
    }
    return nodes;
  }
}
