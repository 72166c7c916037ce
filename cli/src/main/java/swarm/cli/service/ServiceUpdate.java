package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.Query;
import swarm.core.error.SwarmException;
import swarm.core.object.Task;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;

/**
 * {@code swarm service update [OPTIONS] SERVICE}: reads the service, changes its spec as the flags say (checked
 * completely before anything is read or sent, with {@code service create}'s rules and messages), posts it back at
 * the version it was read at, prints the service's name and, unless {@code --detach}, follows the managers' rolling
 * update (its {@code --update-*} settings) until it completed, and exits non-zero if it paused, was rolled back or
 * made no progress ({@link UpdateWaitFlags}). A change that replaces no task (replicas, labels, the update settings
 * themselves) is done once the service converged. {@code --force} bumps {@code ForceUpdate}, so every task is
 * replaced even so; {@code --rollback} puts the previous spec back ({@link ServiceRollback}).
 */
@Command(name = "update", description = "Update a service",
    customSynopsis = "swarm service update [OPTIONS] SERVICE")
public final class ServiceUpdate extends ApiCommand {
  @Option(names = "--image", paramLabel = "IMAGE", description = "Service image tag (pinned to its digest by the swarm)")
  String image;

  @Option(names = "--args", paramLabel = "ARGS", description = "Service command args, e.g. \"sh -c 'echo hi'\" (replaces them)")
  String args;

  @Option(names = "--force", description = "Replace every task even if nothing changed")
  boolean force;

  @Option(names = "--replicas", paramLabel = "N", description = "Number of tasks")
  String replicas;

  // Not docker's flag on update; taken only to say plainly that a service's mode is fixed.
  @Option(names = "--mode", hidden = true)
  String mode;

  @Option(names = "--env-add", paramLabel = "KEY=VALUE", description = "Add or update an environment variable")
  List<String> envAdd = new ArrayList<>();

  @Option(names = "--env-rm", paramLabel = "KEY", description = "Remove an environment variable")
  List<String> envRm = new ArrayList<>();

  @Option(names = "--label-add", paramLabel = "KEY=VALUE", description = "Add or update a service label")
  List<String> labelAdd = new ArrayList<>();

  @Option(names = "--label-rm", paramLabel = "KEY", description = "Remove a label by its key")
  List<String> labelRm = new ArrayList<>();

  @Option(names = "--constraint-add", paramLabel = "EXPR", description = "Add a placement constraint, e.g. node.labels.zone==a")
  List<String> constraintAdd = new ArrayList<>();

  @Option(names = "--constraint-rm", paramLabel = "EXPR", description = "Remove a placement constraint, written as it was added")
  List<String> constraintRm = new ArrayList<>();

  @Option(names = "--placement-pref-add", paramLabel = "PREF", description = "Add a placement preference: spread=node.labels.<name>")
  List<String> prefAdd = new ArrayList<>();

  @Option(names = "--placement-pref-rm", paramLabel = "PREF", description = "Remove a placement preference")
  List<String> prefRm = new ArrayList<>();

  @Option(names = "--publish-add", paramLabel = "PORT",
      description = "Add or update a published port: mode=host,published=8080,target=80[,protocol=udp]")
  List<String> publishAdd = new ArrayList<>();

  @Option(names = "--network-add", paramLabel = "NETWORK",
      description = "Attach to an overlay network: NAME, or name=NAME,alias=ALIAS")
  List<String> networkAdd = new ArrayList<>();

  @Option(names = "--network-rm", paramLabel = "NETWORK", description = "Detach from a network, by name or id")
  List<String> networkRm = new ArrayList<>();

  @Option(names = "--endpoint-mode", paramLabel = "MODE", description = "Endpoint mode: vip or dnsrr")
  String endpointMode;

  @Option(names = "--publish-rm", paramLabel = "PORT", description = "Remove a published port by its published port, e.g. 8080 or 8080/udp")
  List<String> publishRm = new ArrayList<>();

  @Mixin
  TaskFlags task = new TaskFlags();

  @Mixin
  RollingUpdateFlags rolling = new RollingUpdateFlags();

  @Option(names = "--rollback", arity = "0..1", fallbackValue = "true",
      description = "Roll back to the previous specification (alone, or with -d, -q, --format, --progress-deadline)")
  boolean rollback;

  @Mixin
  UpdateWaitFlags wait = new UpdateWaitFlags();

  @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name or id")
  String service;

  @Override
  public Integer call() {
    FlagValues v = new FlagValues();
    wait.parse(v);
    if (rollback) {
      List<String> others = otherFlags();
      if (!others.isEmpty()) {
        v.problem("--rollback cannot be combined with " + String.join(", ", others) + ": it puts the previous spec"
            + " back as it was (update the service afterwards to change it)");
      }
      v.check();
      UpdateRequest request = ServiceRollback.send(client(), err(), service, !wait.detach);
      return wait.await(client(), out(), err(), root().interactive(), clock(), request);
    }
    SpecChange change = change(root().env(), v);
    JsonNode found = client().get("/services/" + Query.segment(service));
    ServiceSpec current = TaskQueries.convert(found.path("Spec"), ServiceSpec.class);
    ServiceSpec updated = change.applyTo(current, this::networkId);
    String id = found.path("ID").asText();
    long version = found.path("Version").path("Index").asLong();
    List<Task> before = wait.detach ? List.of() : TaskQueries.tasksOf(client(), id, List.of());
    JsonNode answer = client().post(Query.path("/services/" + id + "/update").param("version", version).toString(),
        ServiceJson.of(updated));
    for (JsonNode w : answer.path("Warnings")) {
      err().println("warning: " + w.asText());
    }
    // Whether tasks are to be replaced is judged on the spec as stored (its image pinned), as the managers judge it.
    UpdateWatch.Asked asked = wait.detach ? UpdateWatch.Asked.NOTHING : UpdateWatch.asked(before,
        TaskQueries.convert(ConvergenceMonitor.service(client(), id).path("Spec"), ServiceSpec.class));
    UpdateRequest request = new UpdateRequest(id, current.name(),
        new UpdateWatch(current.name(), asked, UpdateMonitor.status(found)), ConvergenceMonitor.endedTasks(before));
    return wait.await(client(), out(), err(), root().interactive(), clock(), request);
  }

  /** The flags given besides {@code --rollback} and how to wait, which {@code --rollback} takes alone. */
  private List<String> otherFlags() {
    ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed == null) {
      return List.of();
    }
    Set<String> alone = Set.of("--rollback", "--detach", "--quiet", "--format", "--progress-deadline");
    return parsed.matchedOptions().stream().map(OptionSpec::longestName).filter(n -> !alone.contains(n))
        .distinct().toList();
  }

  /** The id of network {@code idOrName} as the daemon knows it; as given when it knows none by that name. */
  private String networkId(String idOrName) {
    try {
      return client().get("/networks/" + Query.segment(idOrName)).path("Id").asText(idOrName);
    } catch (SwarmException e) {
      if (e.kind() == SwarmException.Kind.NOT_FOUND) {
        return idOrName;
      }
      throw e;
    }
  }

  /**
   * What the flags change; {@code localEnv} supplies values for a bare {@code --env-add KEY}, as docker does.
   *
   * @throws SwarmException listing every bad flag value
   */
  SpecChange change(Map<String, String> localEnv) {
    return change(localEnv, new FlagValues());
  }

  /** The same, with the problems found so far in {@code v} (the wait's flags) reported together with these. */
  SpecChange change(Map<String, String> localEnv, FlagValues v) {
    if (image != null && image.isBlank()) {
      v.problem("invalid value '" + image + "' for --image: name an image, e.g. busybox:latest");
    }
    List<String> argv = args == null ? null : ShellWords.split(args);
    if (args != null && argv == null) {
      v.problem("invalid value '" + args + "' for --args: a quote is left open or a backslash ends it"
          + " (quote as in a shell: --args \"sh -c 'echo hi'\")");
    }
    Long replicaCount = v.wholeNumber("--replicas", replicas);
    String modeName = v.oneOf("--mode", mode, "replicated", "global");
    TaskFlags.Changes taskChanges = task.parse(v);
    List<String> envAdded = ListFlags.env(v, "--env-add", envAdd, localEnv);
    List<String> envRemoved = ListFlags.keys(v, "--env-rm", envRm);
    Map<String, String> labelsAdded = ListFlags.labels(v, "--label-add", labelAdd);
    List<String> labelsRemoved = ListFlags.keys(v, "--label-rm", labelRm);
    List<Placement.Preference> prefsAdded = ListFlags.preferences(v, "--placement-pref-add", prefAdd);
    Set<String> prefsRemoved = new LinkedHashSet<>();
    for (Placement.Preference p : ListFlags.preferences(v, "--placement-pref-rm", prefRm)) {
      prefsRemoved.add(p.spread().spreadDescriptor());
    }
    Set<String> constraintsRemoved = new LinkedHashSet<>();
    for (String c : constraintRm) {
      if (c.isBlank()) {
        v.problem("invalid value '' for --constraint-rm: use the constraint as it was added, e.g. node.role==worker");
      } else {
        constraintsRemoved.add(c.strip());
      }
    }
    // What is added must be valid on its own; its messages name create's flags, as the spec's checks do.
    new Placement(constraintAdd, prefsAdded, null).validate().forEach(v::problem);
    List<PortConfig> portsAdded = new ArrayList<>();
    for (String p : publishAdd) {
      PortConfig port = PublishFlag.parse(v, "--publish-add", p);
      if (port != null) {
        portsAdded.add(port);
      }
    }
    new EndpointSpec(null, portsAdded).validate().forEach(v::problem);
    Set<String> portsRemoved = new LinkedHashSet<>();
    for (String p : publishRm) {
      String key = PublishFlag.parsePublished(v, "--publish-rm", p);
      if (key != null) {
        portsRemoved.add(key);
      }
    }
    List<NetworkAttachmentConfig> networksAdded = NetworkFlag.parseAll(v, "--network-add", networkAdd);
    Set<String> networksRemoved = new LinkedHashSet<>();
    for (String n : networkRm) {
      if (n.isBlank()) {
        v.problem("invalid value '' for --network-rm: name the network, by name or id");
      } else {
        networksRemoved.add(n.strip());
      }
    }
    EndpointSpec.Mode endpoint = NetworkFlag.endpointMode(v, endpointMode);
    taskChanges.validate().forEach(v::problem);
    RollingUpdateFlags.Changes rollingChanges = rolling.parse(v);
    v.check();
    return new SpecChange(image == null ? null : image.strip(), argv, force, replicaCount,
        modeName == null ? null : modeName.equals("global"), Set.copyOf(envRemoved), envAdded,
        Set.copyOf(labelsRemoved), labelsAdded, constraintsRemoved, constraintAdd, prefsRemoved, prefsAdded,
        portsRemoved, portsAdded, taskChanges, networksRemoved, networksAdded, endpoint, rollingChanges);
  }
}
