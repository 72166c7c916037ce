package swarm.manager.orchestrator.update;

import java.time.Instant;
import swarm.core.object.Service;
import swarm.core.object.UpdateStatus;
import swarm.core.object.UpdateStatus.State;
import swarm.core.spec.ServiceSpec;

/**
 * The {@link UpdateStatus} values a service goes through, and their messages, in one place: the control API starts
 * updates and rollbacks with them, the {@link Updater} moves them on. Clients (the CLI, CI scripts) read the state;
 * the messages are for people. Stateless.
 *
 * <pre>
 *   (spec change) ──> UPDATING ──> COMPLETED
 *                        │ failure action pause ──> PAUSED
 *                        │ failure action rollback ─┐
 *   (service rollback) ──┴──────────────> ROLLBACK_STARTED ──> ROLLBACK_COMPLETED
 *                                              │ any failure action but continue ──> ROLLBACK_PAUSED
 * </pre>
 */
public final class UpdateStatuses {
  public static final String UPDATE_IN_PROGRESS = "update in progress";
  public static final String UPDATE_COMPLETED = "update completed";
  public static final String MANUAL_ROLLBACK = "manually requested rollback";
  public static final String ROLLBACK_IN_PROGRESS = "rollback in progress";
  public static final String ROLLBACK_COMPLETED = "rollback completed";
  /** Prefixes of the messages that carry a failure: {@code update paused: task web.2 (ID) failed: exit code 1}. */
  public static final String UPDATE_PAUSED = "update paused: ";
  public static final String ROLLED_BACK = "update rolled back: ";
  public static final String ROLLBACK_PAUSED = "rollback paused: ";

  private UpdateStatuses() {}

  /**
   * The status of {@code current} once its spec becomes {@code next} ({@code service update}): a new update when its
   * tasks must change (their template or the published ports, what {@code Slots.isCurrent} compares), or when the
   * last one was paused (an update of a paused service resumes it, as in Swarm, which resets the status); otherwise
   * (only replicas, labels or update settings changed) the status stays as it is.
   */
  public static UpdateStatus afterSpecChange(Service current, ServiceSpec next, Instant now) {
    ServiceSpec spec = current.spec();
    UpdateStatus status = current.updateStatus();
    boolean tasksChange = !spec.taskTemplate().equals(next.taskTemplate())
        || !spec.endpointSpec().equals(next.endpointSpec());
    boolean paused = status != null && (status.state() == State.PAUSED || status.state() == State.ROLLBACK_PAUSED);
    return tasksChange || paused ? updating(now) : status;
  }

  /** An update starts now. */
  public static UpdateStatus updating(Instant now) {
    return new UpdateStatus(State.UPDATING, now, null, UPDATE_IN_PROGRESS);
  }

  /** A rollback starts now ({@code service rollback}). */
  public static UpdateStatus manualRollback(Instant now) {
    return new UpdateStatus(State.ROLLBACK_STARTED, now, null, MANUAL_ROLLBACK);
  }

  /** The update's failure action rolled it back, for {@code reason} (which task failed, and how). */
  static UpdateStatus rolledBack(String reason, Instant now) {
    return new UpdateStatus(State.ROLLBACK_STARTED, now, null, ROLLED_BACK + reason);
  }

  /** The update (or rollback) {@code status} stops replacing tasks, for {@code reason}; it keeps its start time. */
  static UpdateStatus paused(UpdateStatus status, String reason) {
    boolean rollback = status.state().isRollback();
    return new UpdateStatus(rollback ? State.ROLLBACK_PAUSED : State.PAUSED, status.startedAt(), null,
        (rollback ? ROLLBACK_PAUSED : UPDATE_PAUSED) + reason);
  }

  /** The update (or rollback) {@code status} is over at {@code now}. */
  static UpdateStatus completed(UpdateStatus status, Instant now) {
    boolean rollback = status.state().isRollback();
    return new UpdateStatus(rollback ? State.ROLLBACK_COMPLETED : State.COMPLETED, status.startedAt(), now,
        rollback ? ROLLBACK_COMPLETED : UPDATE_COMPLETED);
  }

  /**
   * The update or rollback of {@code status} (null: never updated) starts over at {@code now} for slots it left
   * outdated (a global service's node that was paused meanwhile): a finished rollback becomes a rollback again.
   */
  static UpdateStatus reopened(UpdateStatus status, Instant now) {
    if (status != null && status.state().isRollback()) {
      return new UpdateStatus(State.ROLLBACK_STARTED, now, null, ROLLBACK_IN_PROGRESS);
    }
    return updating(now);
  }

  /** {@code status} with its start moved to {@code now} (it was stamped by a manager whose clock is ahead). */
  static UpdateStatus restartedAt(UpdateStatus status, Instant now) {
    return new UpdateStatus(status.state(), now, status.completedAt(), status.message());
  }
}
