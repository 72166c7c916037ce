package swarm.cli.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long the CLI waits for an update that shows no progress (Kubernetes' {@code progressDeadlineSeconds}, for a
 * swarm: its updater waits for a new task to run without any timeout, SWARM-REFERENCE §2.4). Progress is a change
 * in what the caller observes (for an update: more tasks of the new spec running than ever before, or a new status);
 * the clock restarts at each change. Pure: time is passed in. Not thread-safe.
 */
final class ProgressDeadline {
  /** {@code --progress-deadline}'s default. */
  static final Duration DEFAULT = Duration.ofMinutes(5);

  private final Duration limit;
  private Object last;
  private Instant since;

  /** @param limit how long without progress is too long */
  ProgressDeadline(Duration limit) {
    this.limit = limit;
  }

  Duration limit() {
    return limit;
  }

  /**
   * Whether {@code limit} and {@code allowance} have passed since {@code observed} last changed ({@code equals}), as
   * of {@code now}.
   *
   * @param allowance how long the update itself may be quiet by design: its delay between batches and its monitor
   *     period, during which nothing changes
   */
  boolean passed(Object observed, Instant now, Duration allowance) {
    if (since == null || !Objects.equals(observed, last)) {
      last = observed;
      since = now;
      return false;
    }
    return Duration.between(since, now).compareTo(limit.plus(allowance)) > 0;
  }
}
