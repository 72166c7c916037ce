package swarm.manager.orchestrator.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import swarm.core.object.ContainerStatus;
import swarm.core.object.RestartBackoff;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.RestartPolicy;

/**
 * Docker's restart policy as a pure decision (swarmkit's {@code shouldRestart}): whether a task
 * that stopped in {@code state} at {@code failedAt}, with this slot's earlier restart times, is
 * replaced; and the restart history the replacement carries (its {@code restarts} and {@code failedStarts}).
 * Stateless.
 */
final class RestartDecision {
  private RestartDecision() {}

  /**
   * @param state    the observed state the task ended in (RUNNING when its node went away)
   * @param history  times of earlier restarts of this slot for the same spec, oldest first
   */
  static boolean shouldRestart(RestartPolicy policy, TaskState state, List<Instant> history, Instant failedAt) {
    switch (policy.condition()) {
      case NONE:
        return false;
      case ON_FAILURE:
        if (state == TaskState.COMPLETE) {
          return false;
        }
        break;
      default:
        break;
    }
    if (policy.maxAttempts() == 0) {
      return true;
    }
    if (policy.window() == 0) {
      return history.size() < policy.maxAttempts();
    }
    Instant from = failedAt.minus(policy.windowDuration());
    long inWindow = history.stream().filter(t -> !t.isBefore(from) && t.isBefore(failedAt)).count();
    return inWindow < policy.maxAttempts();
  }

  /**
   * The history a replacement carries: earlier restarts plus this one, trimmed to what the policy
   * can still look at. The last entry is always this restart: the replacement starts
   * {@code delay} after it.
   */
  static List<Instant> historyAfter(RestartPolicy policy, List<Instant> history, Instant failedAt) {
    List<Instant> out = new ArrayList<>();
    if (policy.maxAttempts() > 0) {
      Instant from = policy.window() == 0 ? Instant.MIN : failedAt.minus(policy.windowDuration());
      for (Instant t : history) {
        if (!t.isBefore(from)) {
          out.add(t);
        }
      }
    }
    out.add(failedAt);
    return out;
  }

  /** When a replacement may start: its delay after the restart that made it. */
  static Instant startAt(RestartPolicy policy, List<Instant> history, Instant createdAt) {
    if (history.isEmpty()) {
      return createdAt;
    }
    return history.get(history.size() - 1).plus(Duration.ofNanos(policy.delay()));
  }

  /**
   * The {@code failedStarts} of the replacement of {@code failed}: one more after a task that failed before it ran,
   * none after one whose process ran, or with a new spec ({@code sameSpec} false); a task that never got to run
   * for another reason (its node was lost) passes its count on.
   */
  static int failedStartsAfter(Task failed, boolean sameSpec) {
    if (!sameSpec) {
      return 0;
    }
    if (RestartBackoff.failedBeforeRunning(failed)) {
      return failed.failedStarts() + 1;
    }
    ContainerStatus c = failed.status().containerStatus();
    boolean ran = failed.state() == TaskState.RUNNING || failed.state() == TaskState.COMPLETE
        || failed.state() == TaskState.FAILED || (c != null && c.pid() != null);
    return ran ? 0 : failed.failedStarts();
  }
}
