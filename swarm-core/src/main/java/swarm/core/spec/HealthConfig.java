package swarm.core.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code HealthConfig}: how a task's container is probed. {@code test} is
 * {@code ["CMD", arg...]}, {@code ["CMD-SHELL", "cmd"]}, {@code ["NONE"]} (disable the image's
 * check) or empty (inherit the image's test). Durations are nanoseconds; 0 or null means
 * "inherit the image's value, else the default" (interval 30 s, timeout 30 s, start period 0,
 * retries 3), as in Docker. Immutable.
 */
public record HealthConfig(List<String> test, Long interval, Long timeout, Long startPeriod, Integer retries) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_RETRIES = 3;
  /** Docker refuses non-zero durations below this. */
  public static final Duration MIN_DURATION = Duration.ofMillis(1);

  public HealthConfig {
    test = test == null ? List.of() : List.copyOf(test);
    interval = interval == null ? 0L : interval;
    timeout = timeout == null ? 0L : timeout;
    startPeriod = startPeriod == null ? 0L : startPeriod;
    retries = retries == null ? 0 : retries;
  }

  /** {@code ["NONE"]}: no health check, even if the image has one. */
  public static HealthConfig none() {
    return new HealthConfig(List.of("NONE"), null, null, null, null);
  }

  /** True when this config turns health checking off. */
  public boolean disabled() {
    return !test.isEmpty() && test.get(0).equals("NONE");
  }

  /**
   * This config with what it leaves unset taken from {@code image}'s (Docker's merge of a
   * container's healthcheck with its image's): empty test and zero values inherit.
   */
  public HealthConfig over(HealthConfig image) {
    if (image == null) {
      return this;
    }
    return new HealthConfig(test.isEmpty() ? image.test : test, interval != 0 ? interval : image.interval,
        timeout != 0 ? timeout : image.timeout, startPeriod != 0 ? startPeriod : image.startPeriod,
        retries != 0 ? retries : image.retries);
  }

  /** The command to run in the container; empty when there is nothing to run. */
  public List<String> probeCommand() {
    if (test.isEmpty() || disabled()) {
      return List.of();
    }
    return switch (test.get(0)) {
      case "CMD" -> test.subList(1, test.size());
      case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
      default -> List.of();
    };
  }

  public Duration intervalOrDefault() {
    return interval > 0 ? Duration.ofNanos(interval) : DEFAULT_INTERVAL;
  }

  public Duration timeoutOrDefault() {
    return timeout > 0 ? Duration.ofNanos(timeout) : DEFAULT_TIMEOUT;
  }

  public Duration startPeriodOrDefault() {
    return Duration.ofNanos(Math.max(0, startPeriod));
  }

  public int retriesOrDefault() {
    return retries > 0 ? retries : DEFAULT_RETRIES;
  }

  /** Every problem, for a person, naming the CLI flag. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (!test.isEmpty()) {
      String kind = test.get(0);
      switch (kind) {
        case "NONE" -> {
          if (test.size() > 1) {
            problems.add("invalid healthcheck test: NONE takes no arguments");
          }
        }
        case "CMD", "CMD-SHELL" -> {
          if (test.size() < 2 || test.subList(1, test.size()).stream().allMatch(String::isBlank)) {
            problems.add("invalid healthcheck test: " + kind + " needs a command (--health-cmd)");
          }
        }
        default -> problems.add("invalid healthcheck test '" + kind + "': use CMD, CMD-SHELL or NONE");
      }
    }
    duration(problems, "interval", "--health-interval", interval);
    duration(problems, "timeout", "--health-timeout", timeout);
    duration(problems, "start period", "--health-start-period", startPeriod);
    if (retries < 0) {
      problems.add("invalid healthcheck retries (--health-retries): must not be negative");
    }
    return problems;
  }

  private static void duration(List<String> problems, String what, String flag, long nanos) {
    if (nanos != 0 && nanos < MIN_DURATION.toNanos()) {
      problems.add("invalid healthcheck " + what + " (" + flag + "): must be at least 1ms, or 0 for the default");
    }
  }
}
