package swarm.manager.orchestrator.update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;

/**
 * Replaces outdated tasks (their spec differs from the service's task template) — the minimal
 * form of swarmkit's updater: every dirty slot at once, stop-first. In one batch the old task gets
 * desired SHUTDOWN and a new task is created at desired READY; the restart supervisor's delayed
 * start moves it to RUNNING once the old task has stopped (or after a minute). A changed replica
 * count alone is not an update: the template is unchanged.
 *
 * <p>TODO(rolling update): parallelism, delay, monitor window, failure action and max failure
 * ratio, start-first order, update status (UPDATING/PAUSED/COMPLETED) and rollback, all per
 * UpdateConfig; for that this controller will keep the progress of an update in the Service.
 * Stateless; thread-safe.
 */
public final class Updater implements Controller {
  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<StoreCommand> commands = new ArrayList<>();
    Slots.slotsOfServices(state).forEach((serviceId, slots) -> {
      Service service = state.services().get(serviceId);
      if (service.spec().mode().isGlobal()) {
        return;
      }
      for (Map.Entry<Long, List<Task>> slot : slots.entrySet()) {
        update(service, slot.getKey(), slot.getValue(), now, commands);
      }
    });
    return commands;
  }

  private static void update(Service service, long slot, List<Task> tasks, Instant now, List<StoreCommand> commands) {
    // Failed tasks follow their restart policy (the restart supervisor), not the update.
    List<Task> dirty = tasks.stream()
        .filter(t -> Slots.isRunnable(t) && !t.state().isTerminal() && !Slots.isCurrent(t, service))
        .toList();
    if (dirty.isEmpty()) {
      return;
    }
    boolean hasCurrent = tasks.stream().anyMatch(t -> Slots.isRunnable(t) && Slots.isCurrent(t, service));
    for (Task t : dirty) {
      commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.SHUTDOWN, now));
    }
    if (!hasCurrent) {
      commands.add(new StoreCommand.CreateTask(Slots.newTask(service, slot, TaskState.READY, List.of(), now)));
    }
  }
}
