package swarm.core.object;

import java.time.Duration;
import java.time.Instant;
import swarm.core.spec.RestartPolicy;

/**
 * When a task that failed before it ever ran may be replaced: the rule the restart supervisor follows and
 * {@code service ps} shows ("restart in 4 seconds"), kept in one place so the two cannot disagree. Stateless.
 *
 * <p>Docker's restart delay holds a replacement at READY and starts it {@code delay} after the failure; the worker
 * prepares it meanwhile. A task the runtime refuses (no command, an unknown user, no space left) fails at prepare,
 * still inside that delay, so its replacement would follow at once, forever. Such a task is therefore replaced only
 * {@link #wait} after it failed, and each such failure in a row of a slot doubles the wait:
 * {@code max(delay, 100 ms) × 2^n}, at most {@code max(5 min, delay)}.
 * <ul>
 *   <li>The floor of 100 ms (Docker's own container restart manager starts there) keeps {@code --restart-delay 0}
 *       from spinning; it doubles to the cap within 12 failures.</li>
 *   <li>The cap of 5 minutes is Kubernetes' CrashLoopBackOff cap: a refusal that goes away by itself (disk space
 *       freed, the image loaded) is retried within 5 minutes, while a slot that keeps failing costs a few log entries
 *       every 5 minutes instead of dozens a second. A user who fixed the cause need not wait: a service update
 *       (even {@code --force}) makes new tasks, which start from no failures.</li>
 * </ul>
 * The wait counts from the failure, but never from before the failed task was created: its time is the worker's
 * clock, the creation time the manager's, so a worker whose clock lags cannot shorten the wait and bring the loop
 * back (one whose clock runs ahead lengthens it by the skew, as it does Docker's delay).
 */
public final class RestartBackoff {
  /** The shortest wait, whatever the delay: {@code --restart-delay 0} must not spin. */
  public static final Duration FLOOR = Duration.ofMillis(100);
  /** The longest wait, unless the restart delay itself is longer. */
  public static final Duration CAP = Duration.ofMinutes(5);
  private static final int MAX_DOUBLINGS = 30; // under 5 min × 2^30: past the cap, and the product stays in range

  private RestartBackoff() {}

  /**
   * The task ended without its process ever running: the worker rejected it (before starting: no image, no
   * command, an unknown user, a full disk), or starting it failed (a container status without a pid). A task that
   * ran and then failed, and one whose node was lost, did not.
   */
  public static boolean failedBeforeRunning(Task t) {
    if (t.state() == TaskState.REJECTED) {
      return true;
    }
    ContainerStatus c = t.status().containerStatus();
    return t.state() == TaskState.FAILED && c != null && c.pid() == null;
  }

  /** The wait after the failure of a task that failed before running, {@code failedStarts} such failures before it. */
  public static Duration wait(RestartPolicy policy, int failedStarts) {
    Duration delay = policy.delayDuration();
    Duration base = delay.compareTo(FLOOR) < 0 ? FLOOR : delay;
    Duration cap = delay.compareTo(CAP) > 0 ? delay : CAP;
    if (base.compareTo(cap) >= 0) {
      return cap; // a delay of 5 minutes or more is not doubled (nor overflowed)
    }
    Duration wait = base.multipliedBy(1L << Math.min(Math.max(failedStarts, 0), MAX_DOUBLINGS));
    return wait.compareTo(cap) > 0 ? cap : wait;
  }

  /** When the replacement of {@code failed}, which {@link #failedBeforeRunning failed before running}, is due. */
  public static Instant replaceAt(Task failed) {
    Instant created = failed.createdAt() != null ? failed.createdAt() : Instant.EPOCH;
    Instant failedAt = failed.status().timestamp();
    Instant from = failedAt == null || failedAt.isBefore(created) ? created : failedAt;
    return from.plus(wait(failed.spec() == null ? new RestartPolicy(null, null, null, null)
        : failed.spec().restartPolicy(), failed.failedStarts()));
  }
}
