package swarm.manager.orchestrator.taskreaper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;

/**
 * Deletes tasks nobody needs any more (swarmkit's task reaper):
 * <ul>
 *   <li>per slot (per node for a global service), the oldest finished tasks beyond the cluster's task history retention limit
 *       (5 by default). As in swarmkit, the limit counts every task of the slot, the running one
 *       included; a negative limit keeps everything;</li>
 *   <li>tasks with desired state REMOVE (scale-down), once they have stopped or were never placed;</li>
 *   <li>tasks of removed services, once they have stopped or were never placed.</li>
 * </ul>
 * "Finished" means the task will not run again: its observed state is terminal, or it was never
 * assigned, and it is desired SHUTDOWN or REMOVE. Stateless; thread-safe.
 */
public final class TaskReaper implements Controller {
  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    Set<String> delete = new HashSet<>();
    for (Task t : state.tasks().values()) {
      boolean serviceGone = t.serviceId() == null || !state.services().containsKey(t.serviceId());
      if ((serviceGone || t.desiredState() == TaskState.REMOVE) && isStopped(t)) {
        delete.add(t.id());
      }
    }
    long limit = historyLimit(state.cluster());
    if (limit >= 0) {
      Slots.slotsOfServices(state).values().forEach(slots -> slots.values().forEach(slot -> trim(slot, limit, delete)));
      Slots.nodesOfServices(state).values().forEach(nodes -> nodes.values().forEach(n -> trim(n, limit, delete)));
    }
    List<StoreCommand> commands = new ArrayList<>();
    delete.stream().sorted().forEach(id -> commands.add(new StoreCommand.RemoveTask(id)));
    return commands;
  }

  /** Marks the oldest finished tasks of one slot (or one node, for a global service) beyond {@code limit}. */
  private static void trim(List<Task> slot, long limit, Set<String> delete) {
    List<Task> tasks = slot.stream().filter(t -> !delete.contains(t.id())).sorted(AGE).toList();
    long excess = tasks.size() - limit;
    for (Task t : tasks) {
      if (excess <= 0) {
        break;
      }
      if (isFinished(t)) {
        delete.add(t.id());
        excess--;
      }
    }
  }

  private static final Comparator<Task> AGE = Comparator
      .comparing(Task::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Task::id);

  private static long historyLimit(Cluster cluster) {
    return cluster == null ? Cluster.DEFAULT_TASK_HISTORY_LIMIT
        : cluster.spec().orchestration().taskHistoryRetentionLimit();
  }

  /** Nothing of it runs, and nothing ever will. */
  private static boolean isStopped(Task t) {
    return t.state().isTerminal() || t.state().compareTo(TaskState.ASSIGNED) < 0;
  }

  private static boolean isFinished(Task t) {
    return t.desiredState().isAtLeast(TaskState.SHUTDOWN) && isStopped(t);
  }
}
