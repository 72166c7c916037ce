package swarm.manager.orchestrator.update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
 * <p>A global service is updated the same way, with the node in place of the slot: the new task is
 * made for the old one's node. Only on a READY and ACTIVE node, as swarmkit's global orchestrator
 * hands the updater only the nodes it may run tasks on: a drained, DOWN or removed node's tasks are
 * the global orchestrator's to shut down, and a paused or disconnected node keeps its task until it
 * can take a new one (a replacement could not be assigned there anyway).
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
        return; // its tasks are per node, below
      }
      for (Map.Entry<Long, List<Task>> slot : slots.entrySet()) {
        update(service, slot.getValue(), () -> Slots.newTask(service, slot.getKey(), TaskState.READY, List.of(), now),
            now, commands);
      }
    });
    Slots.nodesOfServices(state).forEach((serviceId, nodes) -> {
      Service service = state.services().get(serviceId);
      for (Map.Entry<String, List<Task>> node : nodes.entrySet()) {
        if (Slots.isNodeEligible(state, node.getKey())
            && Slots.meetsConstraints(service, state.nodes().get(node.getKey()))) {
          update(service, node.getValue(),
              () -> Slots.newTask(service, node.getKey(), TaskState.READY, List.of(), now), now, commands);
        }
      }
    });
    return commands;
  }

  /** One slot's tasks, or one node's tasks of a global service; {@code replacement} makes the new task. */
  private static void update(Service service, List<Task> tasks, Supplier<Task> replacement, Instant now,
                             List<StoreCommand> commands) {
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
      commands.add(new StoreCommand.CreateTask(replacement.get()));
    }
  }
}
