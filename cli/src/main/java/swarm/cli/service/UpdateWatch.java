package swarm.cli.service;

import java.util.List;
import java.util.Objects;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ServiceSpec;

/**
 * Follows the {@link UpdateStatus} the managers write after the CLI asked for an update or a rollback, and decides
 * when the wait is over and how it ended: the exit code a CI job relies on. An update succeeds only when its status
 * reaches {@code completed}; it fails when it is {@code paused}, when its rollback pauses, and when it was
 * <em>rolled back</em> ({@code rollback_completed} after an update we asked for is a failure: docker's CLI exits 0
 * there, docker/cli#6752). A rollback we asked for succeeds at {@code rollback_completed}. A change that replaces no
 * task writes no status and is done once the service converged.
 *
 * <p>The status read before the request (same state, same start) belongs to an earlier update and is ignored
 * until the managers write another, so a {@code completed} or {@code paused} left from the last update is never
 * taken for this one's. Pure (no clock, no I/O); remembers why a rollback began, to say it when the rollback ends;
 * not thread-safe.
 */
final class UpdateWatch {
  /** What the request asked of the managers' updater. */
  enum Asked {
    /** Tasks run an outdated spec: the updater replaces them and ends with an UpdateStatus. */
    UPDATE,
    /** {@code rollback=previous}: the control API wrote {@code rollback_started}; the updater ends it. */
    ROLLBACK,
    /** The change replaces no task (replicas, labels, update settings): nothing to wait for but convergence. */
    NOTHING
  }

  /** How the wait stands after one look. */
  enum Outcome { WAITING, SUCCEEDED, FAILED }

  /** One judgement: still waiting, done, or failed and why (a sentence for a person). */
  record Verdict(Outcome outcome, String reason) {
    static final Verdict WAITING = new Verdict(Outcome.WAITING, null);
    static final Verdict SUCCEEDED = new Verdict(Outcome.SUCCEEDED, null);

    static Verdict failed(String reason) {
      return new Verdict(Outcome.FAILED, reason);
    }

    boolean done() {
      return outcome != Outcome.WAITING;
    }
  }

  private final String service;
  private final Asked asked;
  private final UpdateStatus before;
  private String rollbackReason;

  /**
   * @param service the service's name, for the messages
   * @param before the service's UpdateStatus as read before the request (null if it had none)
   */
  UpdateWatch(String service, Asked asked, UpdateStatus before) {
    this.service = service;
    this.asked = asked;
    this.before = before;
  }

  /**
   * What an update to {@code stored} asks, given the service's tasks read before it was sent: {@link Asked#UPDATE}
   * when a task meant to run runs another task template or endpoint than {@code stored} (as stored: image pinned,
   * networks resolved), which is the managers' own test of an outdated task; otherwise {@link Asked#NOTHING}.
   */
  static Asked asked(List<Task> tasksBefore, ServiceSpec stored) {
    for (Task t : tasksBefore) {
      boolean live = t.desiredState().compareTo(TaskState.RUNNING) <= 0 && !t.state().isTerminal();
      if (live && !(stored.taskTemplate().equals(t.spec()) && stored.endpointSpec().equals(t.endpoint()))) {
        return Asked.UPDATE;
      }
    }
    return Asked.NOTHING;
  }

  Asked asked() {
    return asked;
  }

  /** {@code now} if the managers wrote it after the request (it differs from the status read before), else null. */
  UpdateStatus fresh(UpdateStatus now) {
    if (now == null || now.state() == null) {
      return null;
    }
    boolean same = before != null && before.state() == now.state()
        && Objects.equals(before.startedAt(), now.startedAt());
    return same ? null : now;
  }

  /** Whether the tasks are being rolled back now: the progress then says so. */
  boolean rollingBack(UpdateStatus now) {
    UpdateStatus s = fresh(now);
    return s != null && s.state().isRollback();
  }

  /**
   * The verdict on one look: the service's UpdateStatus now and whether its current spec's tasks all run.
   * Convergence alone ends the wait only when nothing was to be replaced.
   */
  Verdict judge(UpdateStatus now, boolean converged) {
    UpdateStatus s = fresh(now);
    if (s == null) {
      return asked == Asked.NOTHING && converged ? Verdict.SUCCEEDED : Verdict.WAITING;
    }
    String message = s.message() == null || s.message().isBlank() ? s.state().wire() : s.message();
    return switch (s.state()) {
      case UPDATING -> Verdict.WAITING;
      case ROLLBACK_STARTED -> {
        if (asked != Asked.ROLLBACK && rollbackReason == null) {
          rollbackReason = message;
        }
        yield Verdict.WAITING;
      }
      case COMPLETED -> asked == Asked.ROLLBACK
          ? Verdict.failed("the rollback of " + service + " was replaced by another update, which completed")
          : Verdict.SUCCEEDED;
      case PAUSED -> Verdict.failed("update of " + service + " paused: " + message);
      case ROLLBACK_PAUSED -> Verdict.failed(asked == Asked.ROLLBACK
          ? "rollback of " + service + " paused: " + message
          : "update of " + service + " failed" + because(rollbackReason) + " and its rollback paused: " + message);
      case ROLLBACK_COMPLETED -> asked == Asked.ROLLBACK
          ? Verdict.SUCCEEDED
          : Verdict.failed("update of " + service + " failed and was rolled back: "
              + (rollbackReason != null ? rollbackReason : message));
    };
  }

  private static String because(String reason) {
    return reason == null ? "" : " (" + reason + ")";
  }
}
