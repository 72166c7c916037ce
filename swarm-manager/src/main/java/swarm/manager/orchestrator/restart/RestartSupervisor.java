package swarm.manager.orchestrator.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.RestartBackoff;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.RestartPolicy;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.state.ClusterState;

/**
 * Replaces tasks that stopped while meant to run (swarmkit's restart supervisor), with Docker's
 * semantics. A task has failed when its observed state is terminal (COMPLETE, FAILED, REJECTED,
 * SHUTDOWN it was not asked for, ORPHANED) while its desired state is READY or RUNNING, or when its
 * node is DOWN, gone or drained. Then, in one batch: the old task gets desired SHUTDOWN and, if
 * {@link RestartDecision#shouldRestart} allows, a replacement in the same slot (for a global service: on the
 * same node) is created at desired READY (the worker prepares it and holds it there).
 *
 * <p>Delayed start: a task at desired READY moves to RUNNING once its restart delay has passed
 * since the failure that made it, and the slot's older tasks have stopped (or their node is DOWN or
 * gone, or a minute has passed: swarmkit's old-task timeout). {@link #nextDeadline} tells the loop when.
 * No delay when the task it replaces is on a drained, DOWN or removed node (Swarm skips it on drain); it
 * still waits for that task to stop, as Swarm does.
 *
 * <p>Backoff for tasks that never ran: a task the worker refuses at prepare (no command, an unknown user, no space
 * left) or that fails to start ({@link RestartBackoff#failedBeforeRunning}) typically fails while still held at
 * READY, inside its own delay; replacing it at once would make tasks as fast as the worker refuses them, and the
 * delay would never apply. So its replacement is created only at {@link RestartBackoff#replaceAt}: the delay after
 * the failure, doubled for each such failure in a row of the slot, from a floor of 100 ms (so a delay of 0 cannot
 * spin) to a cap of 5 minutes. Until then the failed task keeps its desired state, so the slot stays taken (the
 * orchestrators make no task for it) and {@code service ps} shows it waiting; swarmkit likewise postpones the
 * restart of a task still in its delay, without the backoff. The replacement carries the count in
 * {@code failedStarts}: a task whose process ran resets it, and so does a new spec, which also replaces a waiting
 * task at once (its user changed something). The restart policy is decided at the failure, so the failure that
 * reaches max attempts shuts the task down at once, without a wait. A task that ran and then failed keeps Docker's
 * semantics (replacement at once, started after the delay): its loop is paced by the delay and by its containers
 * starting and running.
 *
 * <p>A failed task whose slot (node) already holds another task of the current spec meant to run is shut down and
 * not replaced: that is a rolling update's new task while the old one still runs (start-first), or the task of the
 * previous spec a rollback keeps; a replacement would put two tasks of one spec in the slot.
 *
 * <p>Restart history is kept in the tasks: the replacement's {@code restarts} (the failure times of this
 * slot for the same spec) and {@code failedStarts}, and the failed task's own status, so limits, backoff and the
 * time a deferred replacement is due survive a leader change, unlike Swarm's in-memory history.
 * Stateless; thread-safe.
 */
public final class RestartSupervisor implements Controller {
  /** Start a replacement even if the old task never reported stopping (swarmkit's {@code defaultOldTaskTimeout}). */
  public static final Duration OLD_TASK_TIMEOUT = Duration.ofMinutes(1);

  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<StoreCommand> commands = new ArrayList<>();
    Slots.slotsOfServices(state).forEach((serviceId, slots) -> {
      Service service = state.services().get(serviceId);
      if (!service.spec().mode().isGlobal()) {
        slots.values().forEach(slot -> supervise(state, service, slot, false, now, commands));
      }
    });
    Slots.nodesOfServices(state).forEach((serviceId, nodes) -> nodes.values()
        .forEach(tasksOnNode -> supervise(state, state.services().get(serviceId), tasksOnNode, true, now, commands)));
    return commands;
  }

  /**
   * One slot's tasks, or for a global service one node's. A failed global task is replaced on its node, and only
   * while that node is READY and ACTIVE: when the node is drained, DOWN or gone the global orchestrator shuts its
   * tasks down; while it is paused or disconnected the failed task waits.
   */
  private static void supervise(ClusterState state, Service service, List<Task> slot, boolean global, Instant now,
                                List<StoreCommand> commands) {
    for (Task t : slot) {
      if (Slots.isRunnable(t) && hasFailed(state, t, global)) {
        if (hasOtherCurrentTask(state, service, t, slot, global)) {
          // A rolling update's start-first task, or the previous spec's task a rollback keeps: the slot already
          // has the task it needs; a replacement would be a second one of the same spec.
          commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.SHUTDOWN, now));
        } else if (!global || Slots.isNodeEligible(state, t.nodeId())) {
          restart(service, t, now, commands);
        }
      } else if (t.desiredState() == TaskState.READY && !startAt(state, t, slot).isAfter(now)) {
        commands.add(new StoreCommand.SetDesiredState(t.id(), TaskState.RUNNING, now));
      }
    }
  }

  /**
   * The slot (the node, for a global service) holds a task other than {@code failed} that is meant to run, runs the
   * service's current spec and has not failed: {@code failed} needs no replacement.
   */
  private static boolean hasOtherCurrentTask(ClusterState state, Service service, Task failed, List<Task> slot,
                                             boolean global) {
    return slot.stream().anyMatch(o -> !o.id().equals(failed.id()) && Slots.isRunnable(o)
        && Slots.isCurrent(o, service) && !hasFailed(state, o, global));
  }

  @Override
  public Optional<Instant> nextDeadline(ClusterState state, Instant now) {
    List<List<Task>> groups = new ArrayList<>();
    Slots.slotsOfServices(state).values().forEach(slots -> groups.addAll(slots.values()));
    Slots.nodesOfServices(state).values().forEach(nodes -> groups.addAll(nodes.values()));
    Optional<Instant> earliest = Optional.empty();
    for (List<Task> slot : groups) {
      for (Task t : slot) {
        Service service = state.services().get(t.serviceId());
        Instant at;
        if (Slots.isRunnable(t) && waitsForBackoff(service, t) && wouldRestart(service, t)) {
          at = RestartBackoff.replaceAt(t);
        } else if (t.desiredState() == TaskState.READY && !hasFailed(state, t, t.slot() == null)) {
          at = startAt(state, t, slot);
        } else {
          continue;
        }
        if (at.isAfter(now) && (earliest.isEmpty() || at.isBefore(earliest.get()))) {
          earliest = Optional.of(at);
        }
      }
    }
    return earliest;
  }

  /**
   * Whether the restart policy replaces {@code ended}, a task of {@code service} that stopped while meant to run
   * (the same decision {@link #reconcile} takes; the global orchestrator uses it to tell a node whose task is done).
   */
  public static boolean wouldRestart(Service service, Task ended) {
    return RestartDecision.shouldRestart(ended.spec().restartPolicy(), ended.state(), history(service, ended),
        failedAt(ended, ended.updatedAt() != null ? ended.updatedAt() : Instant.EPOCH));
  }

  private static List<Instant> history(Service service, Task failed) {
    // A new spec resets the history (Docker: "A new spec version resets the history").
    return Slots.isCurrent(failed, service) ? failed.restarts() : List.of();
  }

  private static Instant failedAt(Task failed, Instant now) {
    return failed.state().isTerminal() && failed.status().timestamp() != null ? failed.status().timestamp() : now;
  }

  /** A global task on a lost node has not failed: the global orchestrator shuts it down, nothing replaces it. */
  private static boolean hasFailed(ClusterState state, Task t, boolean global) {
    if (t.state().isTerminal()) {
      return true;
    }
    return !global && t.state().isAtLeast(TaskState.ASSIGNED) && Slots.isNodeInvalid(state, t.nodeId());
  }

  /**
   * Shuts {@code failed} down and replaces it if its policy says so; a task that failed before running is left as
   * it is until its replacement is due (the slot keeps waiting on it), then handled the same way.
   */
  private static void restart(Service service, Task failed, Instant now, List<StoreCommand> commands) {
    Instant failedAt = failedAt(failed, now);
    RestartPolicy policy = failed.spec().restartPolicy();
    List<Instant> history = history(service, failed);
    boolean replace = RestartDecision.shouldRestart(policy, failed.state(), history, failedAt);
    if (replace && waitsForBackoff(service, failed) && RestartBackoff.replaceAt(failed).isAfter(now)) {
      return;
    }
    commands.add(new StoreCommand.SetDesiredState(failed.id(), TaskState.SHUTDOWN, now));
    if (replace) {
      RestartPolicy next = service.spec().taskTemplate().restartPolicy();
      List<Instant> restarts = RestartDecision.historyAfter(next, history, failedAt);
      Task replacement = failed.slot() == null
          ? Slots.newTask(service, failed.nodeId(), TaskState.READY, restarts, now)
          : Slots.newTask(service, failed.slot(), TaskState.READY, restarts, now);
      commands.add(new StoreCommand.CreateTask(
          replacement.withFailedStarts(RestartDecision.failedStartsAfter(failed, Slots.isCurrent(failed, service)))));
    }
  }

  /**
   * {@code t} failed before it ever ran, so its replacement waits for the backoff; unless the service's spec has
   * changed since: a new spec starts over, at once (its user changed something).
   */
  private static boolean waitsForBackoff(Service service, Task t) {
    return RestartBackoff.failedBeforeRunning(t) && Slots.isCurrent(t, service);
  }

  /**
   * When the READY task {@code t} may start: after its restart delay and once the slot's other
   * tasks have stopped, or at the old-task timeout if they never report it.
   */
  private static Instant startAt(ClusterState state, Task t, List<Task> slot) {
    Instant delayed = replacesTaskOfLostNode(state, t, slot) ? t.createdAt()
        : RestartDecision.startAt(t.spec().restartPolicy(), t.restarts(), t.createdAt());
    boolean oldStillActive = slot.stream().anyMatch(o -> !o.id().equals(t.id()) && isActive(state, o));
    if (!oldStillActive) {
      return delayed;
    }
    Instant timeout = t.createdAt().plus(OLD_TASK_TIMEOUT);
    return timeout.isAfter(delayed) ? timeout : delayed;
  }

  /**
   * A task of the slot that had not ended by itself is on a node that is drained, DOWN or gone now: that task did not fail, its node did, so there is no crash loop for the delay to slow down (Swarm
   * skips the delay only on drain; we also skip it on node loss, so a lost node's tasks run elsewhere at once).
   * Read from the state rather than remembered, so a new leader decides the same.
   */
  private static boolean replacesTaskOfLostNode(ClusterState state, Task t, List<Task> slot) {
    for (Task o : slot) {
      boolean endedByItself = o.state() == TaskState.FAILED || o.state() == TaskState.COMPLETE
          || o.state() == TaskState.REJECTED;
      if (o.id().equals(t.id()) || endedByItself || o.nodeId() == null) {
        continue; // a task that ended by itself did fail: its replacement keeps the delay
      }
      Node n = state.nodes().get(o.nodeId());
      if (n == null || (n.spec() != null && n.spec().availability() == Node.Availability.DRAIN)
          || (n.status() != null && n.status().state() == Node.State.DOWN)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Placed and not yet stopped, on a node that can still report it stopping: a drained node's tasks are waited
   * for, a DOWN or removed node's are not (swarmkit's {@code waitStop}).
   */
  private static boolean isActive(ClusterState state, Task o) {
    if (!o.state().isAtLeast(TaskState.ASSIGNED) || o.state().isTerminal() || o.nodeId() == null) {
      return false;
    }
    Node n = state.nodes().get(o.nodeId());
    return n != null && (n.status() == null || n.status().state() != Node.State.DOWN);
  }
}
