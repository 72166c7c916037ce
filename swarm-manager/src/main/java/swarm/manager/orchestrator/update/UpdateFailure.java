package swarm.manager.orchestrator.update;

import java.time.Duration;
import java.time.Instant;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.orchestrator.Slots;

/**
 * When a task an update made counts against the update (swarmkit's {@code failureTriggersAction}), and how to say
 * so. A task fails the update when it ended by itself (FAILED, REJECTED, or COMPLETE: a service's task is not meant to
 * exit) before it was RUNNING, or within the update's monitor period of becoming RUNNING. A task that was told to
 * stop (observed SHUTDOWN: a drained node, a scale-down; workers report SHUTDOWN only then) or whose node was lost
 * has not failed. Times come from the task's status, so from one worker's clock. Stateless.
 */
final class UpdateFailure {
  private UpdateFailure() {}

  /** {@code t} is a failure of an update whose monitor period is {@code monitor}. */
  static boolean isFailure(Task t, Duration monitor) {
    TaskState s = t.state();
    boolean endedByItself = s == TaskState.FAILED || s == TaskState.REJECTED || s == TaskState.COMPLETE
        || (s == TaskState.SHUTDOWN && Slots.isRunnable(t));
    if (!endedByItself) {
      return false;
    }
    if (t.runningSince() == null || t.status().timestamp() == null) {
      return true; // it never ran (or we cannot tell when it stopped: count it, as Swarm counts every early end)
    }
    return !t.status().timestamp().isAfter(t.runningSince().plus(monitor));
  }

  /** When {@code t} reached RUNNING, never before it was made (a worker whose clock lags cannot shorten a period). */
  static Instant ranSince(Task t) {
    return t.runningSince().isBefore(t.createdAt()) ? t.createdAt() : t.runningSince();
  }

  /** When {@code t} ended, never before it was made. */
  static Instant endedAt(Task t) {
    Instant at = t.status().timestamp();
    return at == null || at.isBefore(t.createdAt()) ? t.createdAt() : at;
  }

  /**
   * The failure for a person, naming the task and its error: {@code task web.2 (ID) failed: exit code 1}. It ends
   * the messages of PAUSED, ROLLBACK_STARTED and ROLLBACK_PAUSED statuses.
   */
  static String describe(Task t) {
    String err = t.status().err();
    String detail = err != null && !err.isBlank() ? err : exitDetail(t);
    String what = switch (t.state()) {
      case REJECTED -> "was rejected";
      case COMPLETE -> "exited";
      case SHUTDOWN -> "shut down";
      default -> "failed";
    };
    String when = t.state() == TaskState.COMPLETE
        ? (t.runningSince() == null ? " before it was running" : " within its monitor period") : "";
    return "task " + t.name() + " (" + t.id() + ") " + what + when + (detail.isEmpty() ? "" : ": " + detail);
  }

  private static String exitDetail(Task t) {
    ContainerStatus c = t.status().containerStatus();
    if (c != null && c.exitCode() != null) {
      return "exit code " + c.exitCode();
    }
    return t.status().message();
  }
}
