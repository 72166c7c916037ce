package swarm.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import swarm.core.object.Health;
import swarm.core.spec.HealthConfig;
import swarm.worker.exec.Containers;
import swarm.worker.exec.ExecResult;

/** The health probe Docker runs: the check's command executed inside the container, killed at the timeout. */
public final class ExecProbe implements Probe {
  private final Containers containers;
  private final String id;
  private final List<String> argv;
  private final Duration timeout;
  private final Clock clock;

  public ExecProbe(Containers containers, String id, HealthConfig config, Clock clock) {
    this.containers = containers;
    this.id = id;
    this.argv = config.probeCommand();
    this.timeout = config.timeoutOrDefault();
    this.clock = clock;
  }

  @Override
  public Health.Result run() {
    Instant start = clock.instant();
    ExecResult r = containers.exec(id, argv, timeout);
    Instant end = clock.instant();
    if (r.timedOut()) {
      return new Health.Result(start, end, -1, "Health check exceeded timeout (" + human(timeout) + ")");
    }
    return new Health.Result(start, end, r.exitCode(), r.output());
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
