package swarm.core.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code ContainerSpec}: the process of a task. {@code image} is pinned to a digest at
 * service create ({@code name:tag@sha256:...}). Durations are nanoseconds, as in Docker's API.
 * {@code healthcheck} null means "the image's, if any"; {@code Test: ["NONE"]} turns it off.
 */
public record ContainerSpec(String image, List<String> command, List<String> args, List<String> env,
                            String dir, String user, String hostname, String stopSignal, Long stopGracePeriod,
                            HealthConfig healthcheck) {
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  public ContainerSpec {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    stopSignal = stopSignal == null || stopSignal.isEmpty() ? "SIGTERM" : stopSignal;
    stopGracePeriod = stopGracePeriod == null ? DEFAULT_STOP_GRACE.toNanos() : stopGracePeriod;
  }

  /** Without a health check of its own (the image's applies): the arity before health checks existed. */
  public ContainerSpec(String image, List<String> command, List<String> args, List<String> env, String dir,
                       String user, String hostname, String stopSignal, Long stopGracePeriod) {
    this(image, command, args, env, dir, user, hostname, stopSignal, stopGracePeriod, null);
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (image == null || image.isBlank()) {
      problems.add("image is required");
    }
    for (String e : env) {
      if (e.isEmpty() || e.startsWith("=")) {
        problems.add("invalid environment variable '" + e + "' (--env): use KEY=VALUE");
      }
    }
    String badSignal = StopSignal.problem(stopSignal, "--stop-signal");
    if (badSignal != null) {
      problems.add(badSignal);
    }
    if (dir != null && !dir.isEmpty() && !dir.startsWith("/")) {
      // Docker's words (daemon's container config check), with the flag that sets it.
      problems.add("the working directory '" + dir + "' is invalid (--workdir): it needs to be an absolute path");
    }
    if (stopGracePeriod < 0) {
      problems.add("invalid stop grace period (--stop-grace-period): must not be negative");
    }
    if (healthcheck != null) {
      problems.addAll(healthcheck.validate());
    }
    return problems;
  }

  public Duration stopGrace() {
    return Duration.ofNanos(stopGracePeriod);
  }

  public ContainerSpec withImage(String pinned) {
    return new ContainerSpec(pinned, command, args, env, dir, user, hostname, stopSignal, stopGracePeriod, healthcheck);
  }
}
