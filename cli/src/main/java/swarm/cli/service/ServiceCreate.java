package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceMode;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.core.spec.UpdateConfig;

/**
 * {@code swarm service create}: builds a {@link ServiceSpec} from docker's flags (checked completely before
 * anything is sent), creates the service, prints its id and, unless {@code --detach}, waits until its replicas
 * run. As with docker, the words after IMAGE become {@code ContainerSpec.Args}; the image's entrypoint stays. The
 * {@code --update-*} and {@code --rollback-*} flags set how later updates and rollbacks replace its tasks.
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

  // Placement (where tasks may run); the single-value flags, placement's --replicas-max-per-node among them, are
  // shared with update in TaskFlags.
  @Option(names = "--constraint", paramLabel = "EXPR", description = "Placement constraint, e.g. node.labels.zone==a (repeatable)")
  List<String> constraints = new ArrayList<>();

  @Option(names = "--placement-pref", paramLabel = "PREF", description = "Placement preference: spread=node.labels.<name> (repeatable)")
  List<String> placementPrefs = new ArrayList<>();

  @Option(names = {"-p", "--publish"}, paramLabel = "PORT",
      description = "Publish a port: 8080:80, or published=8080,target=80[,mode=host][,protocol=udp] (repeatable)")
  List<String> publish = new ArrayList<>();

  @Option(names = "--network", paramLabel = "NETWORK",
      description = "Attach to an overlay network: NAME, or name=NAME,alias=ALIAS (repeatable)")
  List<String> networks = new ArrayList<>();

  @Option(names = "--endpoint-mode", paramLabel = "MODE", description = "Endpoint mode: vip or dnsrr (default vip)")
  String endpointMode;

  @Mixin
  TaskFlags task = new TaskFlags();

  @Mixin
  RollingUpdateFlags rolling = new RollingUpdateFlags();

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
    TaskFlags.Changes taskChanges = task.parse(v);
    Map<String, String> labelMap = ListFlags.labels(v, "--label", labels);
    List<String> environment = ListFlags.env(v, "--env", env, localEnv);
    List<Placement.Preference> prefs = ListFlags.preferences(v, "--placement-pref", placementPrefs);
    Placement placement = new Placement(constraints, prefs, null);
    placement.validate().forEach(v::problem);
    List<PortConfig> ports = new ArrayList<>();
    for (String p : publish) {
      PortConfig port = PublishFlag.parse(v, "--publish", p);
      if (port != null) {
        ports.add(port);
      }
    }
    List<NetworkAttachmentConfig> attachments = NetworkFlag.parseAll(v, "--network", networks);
    EndpointSpec.Mode endpoint = NetworkFlag.endpointMode(v, endpointMode);
    RollingUpdateFlags.Changes rollingChanges = rolling.parse(v);
    v.check();

    ContainerSpec container = new ContainerSpec(image, List.of(), args, environment, null, null, null, null, null);
    TaskSpec template = taskChanges.applyTo(new TaskSpec(container, null, null, null, placement, attachments));
    ServiceSpec spec = new ServiceSpec(name, labelMap, template, global ? ServiceMode.ofGlobal()
        : ServiceMode.replicated(replicaCount == null ? 1 : replicaCount), new EndpointSpec(endpoint, ports),
        rollingChanges.update().applyTo(UpdateConfig.DEFAULT), rollingChanges.rollback().applyTo(UpdateConfig.DEFAULT));
    List<String> problems = spec.validate();
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    return spec;
  }
}
