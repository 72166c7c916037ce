package swarm.manager.orchestrator.replicated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;

/**
 * Keeps each replicated service at its replica count (swarmkit's replicated orchestrator). A slot
 * is taken while it holds a runnable task (desired READY or RUNNING), or a task of the current spec
 * that the restart supervisor shut down without replacement (its restart policy said no: the slot
 * is done, not empty). Missing slots get new tasks in the lowest free slot numbers; surplus slots
 * are removed (desired REMOVE), not-running ones first, then the highest numbers; tasks of removed
 * services get desired REMOVE. Failed tasks are the restart supervisor's, outdated ones the
 * updater's. Stateless; thread-safe.
 */
public final class ReplicatedOrchestrator implements Controller {
  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<StoreCommand> commands = new ArrayList<>();
    Map<String, Map<Long, List<Task>>> slotsOfServices = Slots.slotsOfServices(state);
    List<Service> services = new ArrayList<>(state.services().values());
    services.sort(Comparator.comparing(Service::id));
    for (Service service : services) {
      if (service.spec().mode().isGlobal()) {
        continue;
      }
      reconcile(service, slotsOfServices.getOrDefault(service.id(), Map.of()), now, commands);
    }
    removeTasksOfRemovedServices(state, now, commands);
    return commands;
  }

  private static void reconcile(Service service, Map<Long, List<Task>> slots, Instant now,
                                List<StoreCommand> commands) {
    long replicas = service.spec().mode().replicated().replicas();
    Map<Long, List<Task>> taken = new TreeMap<>();
    slots.forEach((slot, tasks) -> {
      if (tasks.stream().anyMatch(t -> Slots.isRunnable(t) || isDone(t, service))) {
        taken.put(slot, tasks);
      }
    });
    if (taken.size() < replicas) {
      long missing = replicas - taken.size();
      for (long slot = 1; missing > 0; slot++) {
        if (!taken.containsKey(slot)) {
          commands.add(new StoreCommand.CreateTask(Slots.newTask(service, slot, TaskState.RUNNING, List.of(), now)));
          missing--;
        }
      }
    } else if (taken.size() > replicas) {
      List<Long> surplus = new ArrayList<>(taken.keySet());
      surplus.sort(Comparator.comparing((Long slot) -> isRunning(taken.get(slot)))
          .thenComparing(Comparator.<Long>reverseOrder()));
      for (Long slot : surplus.subList(0, (int) (taken.size() - replicas))) {
        for (Task t : taken.get(slot)) {
          if (t.desiredState().compareTo(TaskState.REMOVE) < 0) {
            commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.REMOVE, now));
          }
        }
      }
    }
  }

  /** Shut down by the restart supervisor while current: its restart policy ended this slot's work. */
  private static boolean isDone(Task t, Service service) {
    return t.desiredState() == TaskState.SHUTDOWN && Slots.isCurrent(t, service);
  }

  private static boolean isRunning(List<Task> slot) {
    return slot.stream().anyMatch(t -> Slots.isRunnable(t) && t.state() == TaskState.RUNNING);
  }

  private static void removeTasksOfRemovedServices(ClusterState state, Instant now, List<StoreCommand> commands) {
    state.tasks().values().stream()
        .filter(t -> t.serviceId() != null && !state.services().containsKey(t.serviceId()))
        .filter(t -> t.desiredState().compareTo(TaskState.REMOVE) < 0)
        .sorted(ClusterState.TASK_ORDER)
        .forEach(t -> commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.REMOVE, now)));
  }
}
