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
    v.check();

    ContainerSpec container = new ContainerSpec(image, List.of(), args, environment, workdir, user, hostname, signal,
        grace);
    Resources limits = new Resources(cpus, memory, pids);
    RestartPolicy restart = new RestartPolicy(condition == null ? null : RestartPolicy.Condition.parse(condition),
        delay, maxAttempts, window);
    TaskSpec task = new TaskSpec(container, new ResourceRequirements(limits, null), restart, null);
    ServiceSpec spec = new ServiceSpec(name, labelMap, task, ServiceMode.replicated(replicaCount == null ? 1 : replicaCount));
    List<String> problems = spec.validate();
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    return spec;
  }
}
