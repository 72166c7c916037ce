package swarm.cli.service;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import swarm.cli.FlagValues;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.Privileges;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.Resources;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.TaskSpec;

/**
 * The flags {@code service create} and {@code service update} share that each set one value of the task template
 * (resources, restart policy, stop, process identity, health check, seccomp, replicas per node), as a picocli
 * mixin. A flag left out keeps the template's value: for create that is docker's default, for update what the
 * service has. Not thread-safe; one per command invocation.
 */
final class TaskFlags {
  @Option(names = "--limit-memory", paramLabel = "BYTES", description = "Memory limit, e.g. 64M")
  String limitMemory;

  @Option(names = "--limit-cpu", paramLabel = "CPUS", description = "CPU limit, e.g. 0.5")
  String limitCpu;

  @Option(names = "--limit-pids", paramLabel = "N", description = "Maximum number of processes (default 0 = unlimited)")
  String limitPids;

  @Option(names = "--reserve-memory", paramLabel = "BYTES", description = "Reserve memory, e.g. 512M")
  String reserveMemory;

  @Option(names = "--reserve-cpu", paramLabel = "CPUS", description = "Reserve CPUs, e.g. 0.5")
  String reserveCpu;

  @Option(names = "--replicas-max-per-node", paramLabel = "N", description = "Maximum tasks per node (default 0 = unlimited)")
  String replicasMaxPerNode;

  @Option(names = "--restart-condition", paramLabel = "COND", description = "Restart when: any, on-failure, none (default any)")
  String restartCondition;

  @Option(names = "--restart-delay", paramLabel = "DURATION", description = "Delay between restart attempts (default 5s)")
  String restartDelay;

  @Option(names = "--restart-max-attempts", paramLabel = "N", description = "Maximum number of restarts (default 0 = unlimited)")
  String restartMaxAttempts;

  @Option(names = "--restart-window", paramLabel = "DURATION", description = "Window used to evaluate the restart policy")
  String restartWindow;

  @Option(names = "--stop-grace-period", paramLabel = "DURATION", description = "Time to wait before force-killing a container (default 10s)")
  String stopGracePeriod;

  @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal to stop the container (default SIGTERM)")
  String stopSignal;

  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
  String workdir;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Username or UID (format: <name|uid>[:<group|gid>])")
  String user;

  @Option(names = "--hostname", paramLabel = "NAME", description = "Container hostname")
  String hostname;

  // Health check (Docker's flags; SWARM-REFERENCE §2.5): the task runs once healthy, fails when unhealthy.
  @Option(names = "--health-cmd", paramLabel = "CMD", description = "Command to run to check health (run by /bin/sh -c)")
  String healthCmd;

  @Option(names = "--health-interval", paramLabel = "DURATION", description = "Time between running the check (default 30s)")
  String healthInterval;

  @Option(names = "--health-timeout", paramLabel = "DURATION", description = "Maximum time to allow one check to run (default 30s)")
  String healthTimeout;

  @Option(names = "--health-retries", paramLabel = "N", description = "Consecutive failures needed to report unhealthy (default 3)")
  String healthRetries;

  @Option(names = "--health-start-period", paramLabel = "DURATION",
      description = "Start period for the container to initialize before counting retries towards unstable (default 0s)")
  String healthStartPeriod;

  @Option(names = "--no-healthcheck", description = "Disable any container-specified HEALTHCHECK")
  boolean noHealthcheck;

  @Option(names = "--security-opt", paramLabel = "OPT",
      description = "Seccomp: seccomp=unconfined, seccomp=default (Docker's default profile) or seccomp=FILE"
          + " (a profile in Docker's format, read here)")
  List<String> securityOpts = new ArrayList<>();

  /** The values given, checked: each bad one is reported to {@code v}; an absent or bad one is null (unchanged). */
  Changes parse(FlagValues v) {
    return new Changes(v.bytes("--limit-memory", limitMemory), v.nanoCpus("--limit-cpu", limitCpu),
        v.wholeNumber("--limit-pids", limitPids), v.bytes("--reserve-memory", reserveMemory),
        v.nanoCpus("--reserve-cpu", reserveCpu), v.wholeNumber("--replicas-max-per-node", replicasMaxPerNode),
        condition(v.oneOf("--restart-condition", restartCondition, "any", "on-failure", "none")),
        v.durationNanos("--restart-delay", restartDelay), v.wholeNumber("--restart-max-attempts", restartMaxAttempts),
        v.durationNanos("--restart-window", restartWindow), v.durationNanos("--stop-grace-period", stopGracePeriod),
        v.signal("--stop-signal", stopSignal), workdir, user, hostname, health(v),
        SecurityOptFlag.seccomp(v, securityOpts));
  }

  private static RestartPolicy.Condition condition(String wire) {
    return wire == null ? null : RestartPolicy.Condition.parse(wire);
  }

  private HealthChange health(FlagValues v) {
    Long interval = v.durationNanos("--health-interval", healthInterval);
    Long timeout = v.durationNanos("--health-timeout", healthTimeout);
    Long startPeriod = v.durationNanos("--health-start-period", healthStartPeriod);
    Long retries = v.wholeNumber("--health-retries", healthRetries);
    boolean any = healthCmd != null || healthInterval != null || healthTimeout != null || healthStartPeriod != null
        || healthRetries != null;
    if (noHealthcheck && any) {
      v.problem("--no-healthcheck conflicts with --health-* options");
    }
    return new HealthChange(noHealthcheck, any, healthCmd, interval, timeout, startPeriod,
        retries == null ? null : (int) Math.min(Integer.MAX_VALUE, retries));
  }

  /** What the flags change in a task template; a null field leaves the template's value. */
  record Changes(Long memory, Long cpus, Long pids, Long reserveMemory, Long reserveCpus, Long maxPerNode,
                 RestartPolicy.Condition condition, Long restartDelay, Long restartMaxAttempts, Long restartWindow,
                 Long stopGrace, String stopSignal, String workdir, String user, String hostname,
                 HealthChange health, Privileges.Seccomp seccomp) {
    /**
     * The problems these values have on their own (a memory limit below runc's minimum, a health check interval
     * below 1ms, ...), so that update can refuse them before it reads the service; the spec's own validation
     * finds them again, and anything that depends on the service.
     */
    List<String> validate() {
      TaskSpec alone = applyTo(new TaskSpec(null, null, null, null));
      List<String> problems = new ArrayList<>(alone.resources().validate());
      problems.addAll(alone.restartPolicy().validate());
      if (alone.containerSpec().healthcheck() != null) {
        problems.addAll(alone.containerSpec().healthcheck().validate());
      }
      return problems;
    }

    TaskSpec applyTo(TaskSpec t) {
      ContainerSpec c = t.containerSpec();
      ContainerSpec container = new ContainerSpec(c.image(), c.command(), c.args(), c.env(), or(workdir, c.dir()),
          or(user, c.user()), or(hostname, c.hostname()), or(stopSignal, c.stopSignal()),
          or(stopGrace, c.stopGracePeriod()), health.applyTo(c.healthcheck()),
          seccomp == null ? c.privileges() : new Privileges(seccomp));
      Resources l = t.resources().limits();
      Resources r = t.resources().reservations();
      ResourceRequirements resources = new ResourceRequirements(
          new Resources(or(cpus, l.nanoCpus()), or(memory, l.memoryBytes()), or(pids, l.pids())),
          new Resources(or(reserveCpus, r.nanoCpus()), or(reserveMemory, r.memoryBytes()), r.pids()));
      RestartPolicy p = t.restartPolicy();
      RestartPolicy restart = new RestartPolicy(or(condition, p.condition()), or(restartDelay, p.delay()),
          or(restartMaxAttempts, p.maxAttempts()), or(restartWindow, p.window()));
      Placement placement = maxPerNode == null ? t.placement() : t.placement().withMaxReplicas(maxPerNode);
      return new TaskSpec(container, resources, restart, t.forceUpdate(), placement, t.networks());
    }
  }

  /**
   * The {@code --health-*} flags: {@code --no-healthcheck} turns the check off ({@code ["NONE"]}); otherwise each
   * flag given sets its field of the current check (an empty {@code --health-cmd} falls back to the image's test),
   * starting afresh from a check that was off, as docker does. No flag: the current check stays (null on create:
   * the image's applies).
   */
  record HealthChange(boolean disable, boolean any, String cmd, Long interval, Long timeout, Long startPeriod,
                      Integer retries) {
    HealthConfig applyTo(HealthConfig current) {
      if (disable) {
        return HealthConfig.none();
      }
      if (!any) {
        return current;
      }
      HealthConfig base = current == null || current.disabled() ? new HealthConfig(null, null, null, null, null)
          : current;
      List<String> test = cmd == null ? base.test() : cmd.isEmpty() ? List.of() : List.of("CMD-SHELL", cmd);
      return new HealthConfig(test, or(interval, base.interval()), or(timeout, base.timeout()),
          or(startPeriod, base.startPeriod()), or(retries, base.retries()));
    }
  }

  private static <T> T or(T given, T current) {
    return given != null ? given : current;
  }
}
