package swarm.manager.orchestrator.replicated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;
import swarm.manager.state.TaskBudget;

/**
 * Keeps each replicated service at its replica count (swarmkit's replicated orchestrator). A slot
 * is taken while it holds a runnable task (desired READY or RUNNING), or a task of the current spec
 * that the restart supervisor shut down without replacement (its restart policy said no: the slot
 * is done, not empty). Missing slots get new tasks in the lowest free slot numbers; surplus slots
 * are removed (desired REMOVE), not-running ones first, then the highest numbers; tasks of removed
 * services get desired REMOVE. Failed tasks are the restart supervisor's, outdated ones the
 * updater's.
 *
 * <p>A service never gets more tasks than the managers' {@link TaskBudget} allows it: the control API refuses
 * such specs, and a spec committed before (or a manager restarted with a smaller heap) gets the tasks that fit,
 * with a warning, instead of an OutOfMemoryError at every start; tasks that exist are never removed for it. Thread-safe; the only state is which services
 * were already warned about.
 */
public final class ReplicatedOrchestrator implements Controller {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicatedOrchestrator.class);

  private final TaskBudget budget;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** With the budget of this JVM's heap. */
  public ReplicatedOrchestrator() {
    this(TaskBudget.ofThisHeap());
  }

  public ReplicatedOrchestrator(TaskBudget budget) {
    this.budget = budget;
  }

  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<StoreCommand> commands = new ArrayList<>();
    Map<String, Map<Long, List<Task>>> slotsOfServices = Slots.slotsOfServices(state);
    Map<String, Long> allowed = budget.allowedReplicas(state);
    List<Service> services = new ArrayList<>(state.services().values());
    services.sort(Comparator.comparing(Service::id));
    for (Service service : services) {
      if (service.spec().mode().isGlobal()) {
        continue;
      }
      long replicas = service.spec().mode().replicated().replicas();
      long fits = allowed.getOrDefault(service.id(), replicas);
      if (fits < replicas && warned.add(service.id() + "@" + service.version())) {
        LOG.warn("service {} asks for {} replicas but the managers' heap holds {} of them: running {}",
            service.spec().name(), replicas, fits, fits);
      }
      reconcile(service, replicas, fits, slotsOfServices.getOrDefault(service.id(), Map.of()), now, commands);
    }
    removeTasksOfRemovedServices(state, now, commands);
    return commands;
  }

  /** Tasks are created up to {@code fits} (the budget's word), and removed only past {@code replicas}. */
  private static void reconcile(Service service, long replicas, long fits, Map<Long, List<Task>> slots,
                                Instant now, List<StoreCommand> commands) {
    Map<Long, List<Task>> taken = new TreeMap<>();
    slots.forEach((slot, tasks) -> {
      if (tasks.stream().anyMatch(t -> Slots.isRunnable(t) || isDone(t, service))) {
        taken.put(slot, tasks);
      }
    });
    if (taken.size() < Math.min(replicas, fits)) {
      long missing = Math.min(replicas, fits) - taken.size();
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

  /**
   * Shut down by the restart supervisor while current: its restart policy ended this slot's work. A task that
   * stopped because it was told to (observed SHUTDOWN: workers report it only then) did not end the slot's work:
   * that is an old task a rolling update replaced, current again after a rollback, whose slot has lost its newer task.
   */
  private static boolean isDone(Task t, Service service) {
    return t.desiredState() == TaskState.SHUTDOWN && t.state() != TaskState.SHUTDOWN && Slots.isCurrent(t, service);
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
