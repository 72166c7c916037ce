package swarm.worker.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;

/**
 * The verdict of a container's health check from its probe results, with Docker's rules
 * ({@code daemon/health.go handleProbeResult}): a success makes it healthy and resets the failing
 * streak; a failure counts unless the container never was healthy and is still within its start
 * period (measured from the container's start to the probe's start); {@code retries} counted
 * failures in a row make it unhealthy. Keeps the last {@link Health#MAX_LOG} results.
 *
 * <p>Not thread-safe: one {@link HealthChecker} feeds it from one probe at a time.
 */
public final class HealthMonitor {
  private final Instant containerStarted;
  private final Duration startPeriod;
  private final int retries;
  private Health health = Health.starting();

  public HealthMonitor(Instant containerStarted, Duration startPeriod, int retries) {
    this.containerStarted = containerStarted;
    this.startPeriod = startPeriod;
    this.retries = retries;
  }

  public Health health() {
    return health;
  }

  /** True while a failure would not count: never healthy yet and within the start period at {@code now}. */
  public boolean inStartPeriod(Instant now) {
    return health.status() == HealthStatus.STARTING && now.isBefore(containerStarted.plus(startPeriod));
  }

  /** Applies one probe result and returns the new health. */
  public Health record(Health.Result result) {
    List<Health.Result> log = new ArrayList<>(health.log());
    log.add(result);
    if (log.size() > Health.MAX_LOG) {
      log = log.subList(log.size() - Health.MAX_LOG, log.size());
    }
    HealthStatus status = health.status();
    int streak = health.failingStreak();
    if (result.exitCode() == 0) {
      streak = 0;
      status = HealthStatus.HEALTHY;
    } else if (!inStartPeriod(result.start())) {
      streak++;
      if (streak >= retries) {
        status = HealthStatus.UNHEALTHY;
      }
    }
    health = new Health(status, streak, log);
    return health;
  }
}
