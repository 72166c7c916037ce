package swarm.worker.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays after session failures, like swarmkit's agent: the bound grows from {@code initial} as {@code
 * initial + 2 × bound} up to {@code max}, and each wait is uniformly random below the bound (full jitter), so
 * workers that lost the same manager do not all return at once. Not thread-safe: the session's context owns it.
 */
final class Backoff {
  static final Duration INITIAL = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(8);

  private final long initialMs;
  private final long maxMs;
  private long boundMs;

  Backoff(Duration initial, Duration max) {
    this.initialMs = Math.max(1, initial.toMillis());
    this.maxMs = Math.max(initialMs, max.toMillis());
  }

  /** The wait before the next attempt, after one more failure. */
  long nextDelayMs() {
    boundMs = Math.min(maxMs, initialMs + 2 * boundMs);
    return ThreadLocalRandom.current().nextLong(boundMs + 1);
  }

  /** The bound the next failure starts from: grows, never above {@code max}. */
  long boundMs() {
    return boundMs;
  }

  /** A session was established: start over. */
  void reset() {
    boundMs = 0;
  }
}
