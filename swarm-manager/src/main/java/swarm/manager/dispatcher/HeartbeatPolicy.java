package swarm.manager.dispatcher;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often workers heartbeat and when a silent one is given up: Swarm's 5 s period, ±10 % jitter on the period
 * handed to each worker (so a restarted swarm's heartbeats spread out), and 3 missed periods before a session
 * expires or a node goes DOWN. Immutable.
 *
 * @param period          the heartbeat period handed to workers
 * @param graceMultiplier how many periods a node may stay silent
 */
public record HeartbeatPolicy(Duration period, int graceMultiplier) {
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
  public static final int DEFAULT_GRACE_MULTIPLIER = 3;
  public static final HeartbeatPolicy DEFAULT = new HeartbeatPolicy(DEFAULT_PERIOD, DEFAULT_GRACE_MULTIPLIER);
  private static final double JITTER = 0.1;

  public HeartbeatPolicy {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("heartbeat period must be positive, got " + period);
    }
    if (graceMultiplier < 2) {
      throw new IllegalArgumentException("a node must be allowed to miss at least 2 heartbeats, got " + graceMultiplier);
    }
  }

  public static HeartbeatPolicy of(Duration period) {
    return new HeartbeatPolicy(period, DEFAULT_GRACE_MULTIPLIER);
  }

  /** How long a node may go without a heartbeat: {@code graceMultiplier} periods. */
  public Duration grace() {
    return period.multipliedBy(graceMultiplier);
  }

  /** The period to hand a worker now: {@link #period} ± 10 %. */
  public Duration jitteredPeriod() {
    long nanos = period.toNanos();
    long spread = (long) (nanos * JITTER);
    return Duration.ofNanos(nanos - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
  }

  /** How often sessions and nodes are checked: a quarter period, so expiry is late by at most that. */
  Duration checkInterval() {
    return period.dividedBy(4);
  }
}
