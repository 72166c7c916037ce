package swarm.manager.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.log.StoreCommand;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.scheduler.filter.Pipeline;
import swarm.manager.state.ClusterState;

/**
 * The scheduler's rules written the slow, obvious way, as the scheduler was before task groups: for every task,
 * the pipeline over every node, then spread ranking over the eligible ones. Tests compare {@link Scheduler} with it.
 */
final class ReferenceScheduler {
  private ReferenceScheduler() {}

  static List<StoreCommand> reconcile(Pipeline pipeline, ClusterState state, Instant now) {
    List<Task> pending = state.tasks().values().stream()
        .filter(t -> t.state() == TaskState.PENDING && t.desiredState().compareTo(TaskState.RUNNING) <= 0)
        .sorted(ClusterState.TASK_ORDER)
        .toList();
    Map<String, NodeInfo> nodes = PlacementPass.nodeInfos(state);
    List<StoreCommand> commands = new ArrayList<>();
    for (Task task : pending) {
      Pipeline.Outcome outcome;
      if (task.nodeId() == null) {
        outcome = pipeline.evaluate(task, new ArrayList<>(nodes.values()));
      } else {
        NodeInfo own = nodes.get(task.nodeId());
        outcome = own != null ? pipeline.evaluate(task, List.of(own))
            : new Pipeline.Outcome(List.of(), "no suitable node (node " + task.nodeId() + " is not in the swarm)");
      }
      if (outcome.eligible().isEmpty()) {
        if (!outcome.explanation().equals(task.status().message())) {
          commands.add(new StoreCommand.UpdateTaskStatus(task.id(),
              new TaskStatus(now, TaskState.PENDING, outcome.explanation(), outcome.explanation(), null)));
        }
        continue;
      }
      NodeInfo best = choose(task, outcome.eligible());
      best.addTask(task);
      commands.add(new StoreCommand.AssignTask(task.id(), best.id(), now));
    }
    return commands;
  }

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
        .min(Comparator.comparingInt((NodeInfo n) -> n.tasksOf(service)).thenComparingInt(NodeInfo::taskCount)
            .thenComparing(NodeInfo::id))
        .orElseThrow();
  }
}
