package swarm.manager.orchestrator.update;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.UpdateStatus;
import swarm.core.object.UpdateStatus.State;
import swarm.core.spec.UpdateConfig;
import swarm.manager.orchestrator.Slots;

/**
 * One service's update (or rollback) at one pass of the {@link Updater}: what to do now, read from the service's
 * {@link UpdateStatus} and its tasks alone, so any leader computes the same. {@link #commands} are the changes,
 * {@link #nextDeadline} when a pass must look again though nothing changed. Built and used on the calling thread.
 *
 * <p>Per slot, from its tasks ({@link UpdateSlot#madeSince}: the tasks of the current spec made since the update
 * started): <em>to do</em> (it runs another spec and nothing of the current one is on its way), <em>failed</em> (one
 * of those tasks failed: {@link UpdateFailure}), <em>in flight</em> (the latest is not RUNNING yet, nor ended; it has
 * a {@link SlotDeadline}), <em>done</em> (it reached RUNNING, or was told to stop). A failed or done slot still holds
 * one of the {@code parallelism} places for {@code delay}. Failures are counted per slot, against the slots the update
 * touches (failed, in flight, done and to do); past {@code maxFailureRatio} the failure action fires. After the last
 * slot, the update is complete once every RUNNING task of it has been watched for {@code monitor}.
 */
final class RollingUpdate {
  private final Service service;
  private final List<UpdateSlot> slots;
  private final Instant now;
  private final List<StoreCommand> commands = new ArrayList<>();
  private Instant nextDeadline;

  RollingUpdate(Service service, List<UpdateSlot> slots, Instant now) {
    this.service = service;
    this.slots = slots;
    this.now = now;
    run();
  }

  List<StoreCommand> commands() {
    return commands;
  }

  Optional<Instant> nextDeadline() {
    return Optional.ofNullable(nextDeadline);
  }

  private void run() {
    for (UpdateSlot slot : slots) {
      finishReplacement(slot);
    }
    UpdateStatus status = service.updateStatus();
    if (status != null && (status.state() == State.PAUSED || status.state() == State.ROLLBACK_PAUSED)) {
      return; // until the user updates the service again (or rolls it back)
    }
    if (status == null || !status.state().inProgress()) {
      reopenIfOutdated(status);
    } else if (status.startedAt() == null || status.startedAt().isAfter(now)) {
      // Stamped by a manager whose clock is ahead of ours: tasks made now must count as the update's.
      write(service.withUpdateStatus(UpdateStatuses.restartedAt(status, now)));
    } else {
      progress(status);
    }
  }

  /**
   * Once a task of the current spec runs in a slot, the slot's outdated tasks go: a start-first replacement is
   * complete, and a rollback keeps the previous spec's running task rather than replacing it (moby/moby#37972).
   * Done in any status: a slot in flight when its update paused still finishes, as in Swarm.
   */
  private void finishReplacement(UpdateSlot slot) {
    if (slot.runsCurrentTask(service)) {
      for (Task old : slot.outdated(service)) {
        commands.add(new StoreCommand.SetDesiredState(old.id(), TaskState.SHUTDOWN, now));
      }
    }
  }

  /**
   * A finished (or never started) update that left slots outdated, e.g. a global service's node that was paused
   * during the update and is active again, or a service stored before updates had a status: it starts over for them.
   */
  private void reopenIfOutdated(UpdateStatus status) {
    Instant since = status == null || status.startedAt() == null ? Instant.MIN : status.startedAt();
    if (slots.stream().anyMatch(s -> s.isOutdated(service, since))) {
      write(service.withUpdateStatus(UpdateStatuses.reopened(status, now)));
    }
  }

  private void progress(UpdateStatus status) {
    boolean rollback = status.state().isRollback();
    UpdateConfig config = rollback ? service.spec().rollbackConfig() : service.spec().updateConfig();
    Duration delay = config.delayDuration();
    List<UpdateSlot> toDo = new ArrayList<>();
    List<Task> failures = new ArrayList<>();
    List<Instant> freedAt = new ArrayList<>();
    int touched = 0;
    int inFlight = 0;
    int occupied = 0;
    Instant monitoredUntil = null;
    for (UpdateSlot slot : slots) {
      List<Task> made = slot.madeSince(service, status.startedAt());
      if (made.isEmpty()) {
        if (slot.isOutdated(service, status.startedAt())) {
          toDo.add(slot);
        }
        continue;
      }
      touched++;
      Optional<Task> failed = made.stream().filter(t -> UpdateFailure.isFailure(t, config.monitorDuration()))
          .max(LAST_FAILURE);
      Task t = failed.orElse(made.get(made.size() - 1));
      if (failed.isEmpty() && isInFlight(t)) {
        Instant deadline = SlotDeadline.of(t, slot.tasks(), config);
        if (now.isBefore(deadline)) {
          inFlight++;
          occupied++;
          earliest(deadline);
          continue;
        }
        TaskStatus missed = SlotDeadline.missed(t, slot.tasks(), config, now);
        commands.add(new StoreCommand.UpdateTaskStatus(t.id(), missed));
        t = t.withStatus(missed);
        failed = Optional.of(t);
      }
      if (failed.isPresent()) {
        failures.add(t); // one per slot: the retries of a failed slot are its restart policy's business
      } else if (t.runningSince() != null && !t.state().isTerminal()) {
        Instant end = UpdateFailure.ranSince(t).plus(config.monitorDuration());
        monitoredUntil = monitoredUntil == null || end.isAfter(monitoredUntil) ? end : monitoredUntil;
      }
      Instant free = doneAt(t).plus(delay);
      if (now.isBefore(free)) {
        occupied++;
        freedAt.add(free);
      }
    }
    int total = touched + toDo.size();
    if (!failures.isEmpty() && (double) failures.size() / total > config.maxFailureRatio()
        && config.failureAction() != UpdateConfig.FailureAction.CONTINUE) {
      String reason = UpdateFailure.describe(failures.stream().max(LAST_FAILURE).orElseThrow());
      if (config.failureAction() == UpdateConfig.FailureAction.ROLLBACK && !rollback && service.previousSpec() != null) {
        // A rollback is never rolled back: a failure during one pauses it.
        write(service.withSpec(service.previousSpec(), now).withUpdateStatus(UpdateStatuses.rolledBack(reason, now)));
      } else {
        write(service.withUpdateStatus(UpdateStatuses.paused(status, reason)));
      }
      return;
    }
    long parallelism = config.parallelism();
    int starting = parallelism == 0 ? toDo.size() : (int) Math.min(toDo.size(), Math.max(0, parallelism - occupied));
    for (UpdateSlot slot : toDo.subList(0, starting)) {
      start(slot, config.order());
    }
    if (starting < toDo.size()) {
      freedAt.forEach(this::earliest);
    } else if (toDo.isEmpty() && inFlight == 0) {
      if (monitoredUntil == null || !now.isBefore(monitoredUntil)) {
        write(service.withUpdateStatus(UpdateStatuses.completed(status, now)));
      } else {
        earliest(monitoredUntil);
      }
    }
  }

  /** The failure that tipped the balance: the last to happen (ties: by id, so every leader names the same). */
  private static final Comparator<Task> LAST_FAILURE =
      Comparator.comparing(UpdateFailure::endedAt).thenComparing(Task::id);

  /** Made by the update, not RUNNING yet nor ended, and still meant to run. */
  private static boolean isInFlight(Task t) {
    return t.runningSince() == null && !t.state().isTerminal() && Slots.isRunnable(t);
  }

  /** When the update was done with the slot of {@code t}: it reached RUNNING, or ended, or was told to stop. */
  private static Instant doneAt(Task t) {
    if (t.runningSince() != null) {
      return UpdateFailure.ranSince(t);
    }
    return t.state().isTerminal() ? UpdateFailure.endedAt(t) : t.updatedAt();
  }

  /**
   * Replaces the slot's task. Stop-first: the old task is told to stop and the new one is made at READY in the same
   * entry; the restart supervisor starts it once the old one has stopped (or a minute passed). Start-first: the new
   * task starts at once; {@link #finishReplacement} stops the old one when the new one is RUNNING.
   */
  private void start(UpdateSlot slot, UpdateConfig.Order order) {
    if (order == UpdateConfig.Order.STOP_FIRST) {
      for (Task old : slot.outdated(service)) {
        commands.add(new StoreCommand.SetDesiredState(old.id(), TaskState.SHUTDOWN, now));
      }
      commands.add(new StoreCommand.CreateTask(slot.newTask(TaskState.READY, now)));
    } else {
      commands.add(new StoreCommand.CreateTask(slot.newTask(TaskState.RUNNING, now)));
    }
  }

  /** Writes the service, based on the version this pass read (a concurrent user update wins; the pass looks again). */
  private void write(Service next) {
    commands.add(new StoreCommand.UpdateService(next, service.version().index()));
  }

  private void earliest(Instant at) {
    if (at.isAfter(now) && (nextDeadline == null || at.isBefore(nextDeadline))) {
      nextDeadline = at;
    }
  }
}
