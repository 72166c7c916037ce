package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.Resources;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceMode;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;

/**
 * {@code swarm service create}: builds a {@link ServiceSpec} from docker's flags (checked completely before
 * anything is sent), creates the service, prints its id and, unless {@code --detach}, waits until its replicas
 * run. As with docker, the words after IMAGE become {@code ContainerSpec.Args}; the image's entrypoint stays.
 */
@Command(name = "create", description = "Create a new service",
    customSynopsis = "swarm service create [OPTIONS] IMAGE [COMMAND] [ARG...]")
public final class ServiceCreate extends ApiCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME", description = "Service name")
  String name;

  @Option(names = "--replicas", paramLabel = "N", description = "Number of tasks (default 1)")
  String replicas;

  @Option(names = "--mode", paramLabel = "MODE", description = "Service mode: replicated or global (default replicated)")
  String mode;

  @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables")
  List<String> env = new ArrayList<>();

  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Service labels")
  List<String> labels = new ArrayList<>();

  @Option(names = "--limit-memory", paramLabel = "BYTES", description = "Memory limit, e.g. 64M")
  String limitMemory;

  @Option(names = "--limit-cpu", paramLabel = "CPUS", description = "CPU limit, e.g. 0.5")
  String limitCpu;

  @Option(names = "--limit-pids", paramLabel = "N", description = "Maximum number of processes (default 0 = unlimited)")
  String limitPids;

  // Placement and reservations (where tasks may run; what the scheduler sets aside for each).
  @Option(names = "--constraint", paramLabel = "EXPR", description = "Placement constraint, e.g. node.labels.zone==a (repeatable)")
  List<String> constraints = new ArrayList<>();

  @Option(names = "--placement-pref", paramLabel = "PREF", description = "Placement preference: spread=node.labels.<name> (repeatable)")
  List<String> placementPrefs = new ArrayList<>();

  @Option(names = "--replicas-max-per-node", paramLabel = "N", description = "Maximum tasks per node (default 0 = unlimited)")
  String replicasMaxPerNode;

  @Option(names = {"-p", "--publish"}, paramLabel = "PORT",
      description = "Publish a port: mode=host,published=8080,target=80[,protocol=udp] (repeatable)")
  List<String> publish = new ArrayList<>();

  @Option(names = "--reserve-memory", paramLabel = "BYTES", description = "Reserve memory, e.g. 512M")
  String reserveMemory;

  @Option(names = "--reserve-cpu", paramLabel = "CPUS", description = "Reserve CPUs, e.g. 0.5")
  String reserveCpu;

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

  @Option(names = {"-d", "--detach"}, arity = "0..1", fallbackValue = "true",
      description = "Exit immediately instead of waiting for the service to converge")
  boolean detach;

  @Option(names = {"-q", "--quiet"}, description = "Suppress progress output")
  boolean quiet;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to run, e.g. busybox:latest")
  String image;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments for the container")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    ServiceSpec spec = spec(root().env());
    JsonNode created = client().post("/services/create", ServiceJson.of(spec));
    String id = created.path("ID").asText();
    for (JsonNode w : created.path("Warnings")) {
      err().println("warning: " + w.asText());
    }
    out().println(id);
    out().flush();
    if (detach) {
      return 0;
    }
    ProgressView view = quiet ? ProgressView.silent() : new ProgressView(out(), root().interactive());
    new ConvergenceMonitor(client(), view).await(id, false);
    return 0;
  }

  /**
   * The spec these flags describe; {@code localEnv} supplies values for bare {@code -e KEY}, as docker does.
   *
   * @throws SwarmException listing every bad flag value and spec problem
   */
  public ServiceSpec spec(Map<String, String> localEnv) {
    FlagValues v = new FlagValues();
    Long replicaCount = v.wholeNumber("--replicas", replicas);
    boolean global = "global".equals(v.oneOf("--mode", mode, "replicated", "global"));
    if (global && replicas != null) {
      v.problem("--replicas can only be used with --mode replicated (a global service runs one task per node)");
    }
    Long memory = v.bytes("--limit-memory", limitMemory);
    Long cpus = v.nanoCpus("--limit-cpu", limitCpu);
    Long pids = v.wholeNumber("--limit-pids", limitPids);
    String condition = v.oneOf("--restart-condition", restartCondition, "any", "on-failure", "none");
    Long delay = v.durationNanos("--restart-delay", restartDelay);
    Long maxAttempts = v.wholeNumber("--restart-max-attempts", restartMaxAttempts);
    Long window = v.durationNanos("--restart-window", restartWindow);
    Long grace = v.durationNanos("--stop-grace-period", stopGracePeriod);
    String signal = v.signal("--stop-signal", stopSignal);
    Map<String, String> labelMap = new LinkedHashMap<>();
    for (String l : labels) {
      String[] kv = v.keyValue("--label", l);
      if (kv != null) {
        labelMap.put(kv[0], kv[1]);
      }
    }
    List<String> environment = new ArrayList<>();
    for (String e : env) {
      if (v.keyValue("--env", e) != null) {
        environment.add(e.contains("=") || !localEnv.containsKey(e) ? e : e + "=" + localEnv.get(e));
      }
    }
    Long reserveMem = v.bytes("--reserve-memory", reserveMemory);
    Long reserveCpus = v.nanoCpus("--reserve-cpu", reserveCpu);
    Long maxPerNode = v.wholeNumber("--replicas-max-per-node", replicasMaxPerNode);
    List<Placement.Preference> prefs = new ArrayList<>();
    for (String p : placementPrefs) {
      String[] kv = p.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals("spread")) {
        prefs.add(Placement.Preference.spread(kv[1].strip()));
      } else {
        v.problem("invalid value '" + p + "' for --placement-pref: use spread=node.labels.<name>");
      }
    }
    Placement placement = new Placement(constraints, prefs, maxPerNode);
    placement.validate().forEach(v::problem);
    HealthConfig health = healthcheck(v);
    List<PortConfig> ports = new ArrayList<>();
    for (String p : publish) {
      PortConfig port = PublishFlag.parse(v, p);
      if (port != null) {
        ports.add(port);
      }
    }
    v.check();

    ContainerSpec container = new ContainerSpec(image, List.of(), args, environment, workdir, user, hostname, signal,
        grace, health);
    Resources limits = new Resources(cpus, memory, pids);
    RestartPolicy restart = new RestartPolicy(condition == null ? null : RestartPolicy.Condition.parse(condition),
        delay, maxAttempts, window);
    TaskSpec task = new TaskSpec(container, new ResourceRequirements(limits, null), restart, null);
    task = task.withResources(new ResourceRequirements(task.resources().limits(),
        new Resources(reserveCpus, reserveMem, null))).withPlacement(placement);
    ServiceSpec spec = new ServiceSpec(name, labelMap, task, global ? ServiceMode.ofGlobal()
        : ServiceMode.replicated(replicaCount == null ? 1 : replicaCount), new EndpointSpec(null, ports));
    List<String> problems = spec.validate();
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    return spec;
  }

  /** The {@code --health-*} flags as Docker's HealthConfig; null (the image's check applies) when none is given. */
  private HealthConfig healthcheck(FlagValues v) {
    Long interval = v.durationNanos("--health-interval", healthInterval);
    Long timeout = v.durationNanos("--health-timeout", healthTimeout);
    Long startPeriod = v.durationNanos("--health-start-period", healthStartPeriod);
    Long retries = v.wholeNumber("--health-retries", healthRetries);
    boolean any = healthCmd != null || healthInterval != null || healthTimeout != null || healthStartPeriod != null
        || healthRetries != null;
    if (noHealthcheck) {
      if (any) {
        v.problem("--no-healthcheck conflicts with --health-* options");
      }
      return HealthConfig.none();
    }
    if (!any) {
      return null;
    }
    List<String> test = healthCmd == null || healthCmd.isEmpty() ? List.of() : List.of("CMD-SHELL", healthCmd);
    return new HealthConfig(test, interval, timeout, startPeriod,
        retries == null ? null : (int) Math.min(Integer.MAX_VALUE, retries));
  }
}
