package swarm.core.object;

import java.time.Instant;
import java.util.List;

/**
 * Docker's {@code Health} of a container: the verdict of its health check, how many probes failed
 * in a row, and the last results (at most {@link #MAX_LOG}, oldest first). Immutable.
 */
public record Health(HealthStatus status, int failingStreak, List<Result> log) {
  public static final int MAX_LOG = 5;

  public Health {
    status = status == null ? HealthStatus.STARTING : status;
    log = log == null ? List.of() : List.copyOf(log);
  }

  public static Health starting() {
    return new Health(HealthStatus.STARTING, 0, List.of());
  }

  /** Docker's {@code HealthcheckResult}: one probe. Exit code 0 is healthy; -1 means it could not run or timed out. */
  public record Result(Instant start, Instant end, int exitCode, String output) {
    public Result {
      output = output == null ? "" : output;
    }
  }
}
