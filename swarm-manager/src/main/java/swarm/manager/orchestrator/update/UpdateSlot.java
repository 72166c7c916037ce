package swarm.manager.orchestrator.update;

import java.time.Instant;
import java.util.List;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;

/**
 * One slot of a service as an update sees it: a replicated service's slot, or a global service's node (Docker's
 * slot of a global service). Holds the slot's tasks, oldest first, whether the update may make a task there, and how.
 * Immutable; built per pass from the state, so everything it says is read from the log.
 */
final class UpdateSlot {
  /** Makes the slot's next task, at {@code desired}. */
  @FunctionalInterface
  interface TaskMaker {
    Task make(TaskState desired, Instant now);
  }

  private final List<Task> tasks;
  private final boolean eligible;
  private final TaskMaker maker;

  private UpdateSlot(List<Task> tasks, boolean eligible, TaskMaker maker) {
    this.tasks = tasks;
    this.eligible = eligible;
    this.maker = maker;
  }

  /** Slot {@code slot} of replicated {@code service}: a new task may go anywhere the scheduler finds. */
  static UpdateSlot replicated(Service service, long slot, List<Task> tasks) {
    return new UpdateSlot(tasks, true, (desired, now) -> Slots.newTask(service, slot, desired, List.of(), now));
  }

  /**
   * Node {@code nodeId} of global {@code service}. A new task is made only on a READY and ACTIVE node that meets the
   * service's constraints, as swarmkit's global orchestrator hands the updater only the nodes it may run tasks on:
   * a drained, DOWN or removed node's tasks are the global orchestrator's to shut down, and a paused or disconnected
   * node keeps its task until it can take a new one.
   */
  static UpdateSlot global(ClusterState state, Service service, String nodeId, List<Task> tasks) {
    boolean eligible = Slots.isNodeEligible(state, nodeId)
        && Slots.meetsConstraints(service, state.nodes().get(nodeId));
    return new UpdateSlot(tasks, eligible, (desired, now) -> Slots.newTask(service, nodeId, desired, List.of(), now));
  }

  List<Task> tasks() {
    return tasks;
  }

  /** The update may make a task here. */
  boolean isEligible() {
    return eligible;
  }

  Task newTask(TaskState desired, Instant now) {
    return maker.make(desired, now);
  }

  /**
   * The tasks of the current spec made since {@code startedAt}, oldest first: the update's (or rollback's) tasks in
   * this slot, whoever made them: the updater, an orchestrator (a slot added meanwhile), or the restart supervisor (a
   * retry of one of them, or a failed old task replaced with the new spec). Empty while the update has not come here.
   */
  List<Task> madeSince(Service service, Instant startedAt) {
    return tasks.stream().filter(t -> Slots.isCurrent(t, service) && !t.createdAt().isBefore(startedAt)).toList();
  }

  /**
   * Tasks of another spec that run or are meant to. A failed one is not among them: it follows its restart policy
   * (the restart supervisor replaces it with a task of the current spec).
   */
  List<Task> outdated(Service service) {
    return tasks.stream().filter(t -> Slots.isRunnable(t) && !t.state().isTerminal() && !Slots.isCurrent(t, service))
        .toList();
  }

  /** A task of the current spec is meant to run here and has not ended (whoever made it). */
  boolean hasCurrentTask(Service service) {
    return tasks.stream().anyMatch(t -> Slots.isRunnable(t) && !t.state().isTerminal() && Slots.isCurrent(t, service));
  }

  /** A task of the current spec meant to run here is observed RUNNING. */
  boolean runsCurrentTask(Service service) {
    return tasks.stream().anyMatch(t -> Slots.isRunnable(t) && t.state() == TaskState.RUNNING
        && Slots.isCurrent(t, service));
  }

  /**
   * The update that started at {@code startedAt} still has to replace this slot's task: it runs another spec, nothing
   * of the current one is on its way, and the update has not been here (a start-first task that failed leaves the old
   * task running: that slot is done, with a failure).
   */
  boolean isOutdated(Service service, Instant startedAt) {
    return eligible && !outdated(service).isEmpty() && !hasCurrentTask(service)
        && madeSince(service, startedAt).isEmpty();
  }
}
