package swarm.core.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code ContainerSpec}: the process of a task. {@code image} is pinned to a digest at
 * service create ({@code name:tag@sha256:...}). Durations are nanoseconds, as in Docker's API.
 * {@code healthcheck} null means "the image's, if any"; {@code Test: ["NONE"]} turns it off.
 * {@code privileges} null means Docker's defaults (its default seccomp profile); privileges that
 * ask for nothing else are kept as null, so asking for the default changes no spec.
 */
public record ContainerSpec(String image, List<String> command, List<String> args, List<String> env,
                            String dir, String user, String hostname, String stopSignal, Long stopGracePeriod,
                            HealthConfig healthcheck, Privileges privileges) {
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  public ContainerSpec {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? List.of() : List.copyOf(env);
    stopSignal = stopSignal == null || stopSignal.isEmpty() ? "SIGTERM" : stopSignal;
    stopGracePeriod = stopGracePeriod == null ? DEFAULT_STOP_GRACE.toNanos() : stopGracePeriod;
    privileges = privileges == null || privileges.isDefault() ? null : privileges;
  }

  /** With Docker's default privileges: the arity before privileges existed. */
  public ContainerSpec(String image, List<String> command, List<String> args, List<String> env, String dir,
                       String user, String hostname, String stopSignal, Long stopGracePeriod,
                       HealthConfig healthcheck) {
    this(image, command, args, env, dir, user, hostname, stopSignal, stopGracePeriod, healthcheck, null);
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
    if (privileges != null) {
      problems.addAll(privileges.validate());
    }
    return problems;
  }

  public Duration stopGrace() {
    return Duration.ofNanos(stopGracePeriod);
  }

  /** The seccomp setting of the container: Docker's default when the spec names none. */
  public Privileges.Seccomp seccomp() {
    return privileges == null || privileges.seccomp() == null ? Privileges.Seccomp.of(Privileges.Mode.DEFAULT)
        : privileges.seccomp();
  }

  public ContainerSpec withImage(String pinned) {
    return new ContainerSpec(pinned, command, args, env, dir, user, hostname, stopSignal, stopGracePeriod, healthcheck,
        privileges);
  }

  public ContainerSpec withPrivileges(Privileges p) {
    return new ContainerSpec(image, command, args, env, dir, user, hostname, stopSignal, stopGracePeriod, healthcheck,
        p);
  }
}
