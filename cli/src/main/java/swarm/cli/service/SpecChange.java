package swarm.cli.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;

/**
 * What {@code swarm service update}'s flags change in a service's spec, already checked, and how they apply to
 * the spec the daemon has. Lists change by key, removals first: {@code --env-rm K --env-add K=v} sets K. An
 * added env entry or label replaces the one with its key in place (the order of the rest is kept, so an update
 * that adds what is there changes nothing); constraints and placement preferences are added once, at the end;
 * a published port is keyed by its published port and protocol ({@code 8080/tcp}). Removing what is not there is
 * no error, as in docker. Every null or empty field leaves the spec's value. Immutable.
 *
 * @param image new image reference (the daemon pins it to a digest), or null
 * @param args new {@code ContainerSpec.Args}, or null to keep them
 * @param global the {@code --mode} given (true: global), or null
 * @param networkRm networks to leave ({@code --network-rm}), as typed: matched against the stored targets, which are
 *     network ids, by the daemon's answer of names ({@link #applyTo(ServiceSpec, java.util.function.Function)})
 * @param endpointMode {@code --endpoint-mode}, or null
 * @param rolling the {@code --update-*} and {@code --rollback-*} values, each changing its field of the service's
 *     update or rollback config
 */
record SpecChange(String image, List<String> args, boolean force, Long replicas, Boolean global,
                  Set<String> envRm, List<String> envAdd, Set<String> labelRm, Map<String, String> labelAdd,
                  Set<String> constraintRm, List<String> constraintAdd, Set<String> prefRm,
                  List<Placement.Preference> prefAdd, Set<String> publishRm, List<PortConfig> publishAdd,
                  TaskFlags.Changes task, Set<String> networkRm, List<NetworkAttachmentConfig> networkAdd,
                  EndpointSpec.Mode endpointMode, RollingUpdateFlags.Changes rolling) {

  /**
   * {@code current} with these changes.
   *
   * @throws SwarmException listing every reason the change cannot apply to this service or the result is invalid
   */
  ServiceSpec applyTo(ServiceSpec current) {
    return applyTo(current, java.util.function.Function.identity());
  }

  /**
   * {@code current} with these changes; {@code networkId} turns a {@code --network-rm} value (a name or id) into the
   * network's id as the spec stores it.
   *
   * @throws SwarmException listing every reason the change cannot apply to this service or the result is invalid
   */
  ServiceSpec applyTo(ServiceSpec current, java.util.function.Function<String, String> networkId) {
    List<String> problems = new ArrayList<>();
    boolean isGlobal = current.mode().isGlobal();
    if (global != null && global != isGlobal) {
      problems.add("service mode cannot be changed: " + current.name() + " is " + (isGlobal ? "global" : "replicated")
          + " (remove the service and create it again with --mode " + (global ? "global" : "replicated") + ")");
    } else if (replicas != null && isGlobal) {
      problems.add("--replicas can only be used with replicated mode: " + current.name()
          + " is global (one task on every node)");
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }

    TaskSpec t = current.taskTemplate();
    ContainerSpec c = t.containerSpec();
    c = new ContainerSpec(image != null ? image : c.image(), c.command(), args != null ? args : c.args(), env(c.env()),
        c.dir(), c.user(), c.hostname(), c.stopSignal(), c.stopGracePeriod(), c.healthcheck(), c.privileges());
    t = task.applyTo(t.withContainerSpec(c));
    Placement p = t.placement();
    t = t.withPlacement(new Placement(changed(p.constraints(), constraintRm, constraintAdd),
        changedPreferences(p.preferences()), p.maxReplicas()));
    if (force) {
      t = new TaskSpec(t.containerSpec(), t.resources(), t.restartPolicy(), t.forceUpdate() + 1, t.placement(),
          t.networks());
    }

    t = t.withNetworks(networks(t.networks(), networkId));

    Map<String, String> labels = new LinkedHashMap<>(current.labels());
    labels.keySet().removeAll(labelRm);
    labels.putAll(labelAdd);
    ServiceSpec updated = new ServiceSpec(current.name(), labels, t, current.mode(),
        new EndpointSpec(endpointMode != null ? endpointMode : current.endpointSpec().mode(),
            ports(current.endpointSpec().ports())),
        rolling.update().applyTo(current.updateConfig()), rolling.rollback().applyTo(current.rollbackConfig()));
    if (replicas != null) {
      updated = updated.withReplicas(replicas);
    }
    problems.addAll(updated.validate());
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    return updated;
  }

  private List<String> env(List<String> current) {
    List<String> env = new ArrayList<>(current);
    env.removeIf(e -> envRm.contains(ListFlags.key(e)));
    for (String add : envAdd) {
      String key = ListFlags.key(add);
      int at = indexOf(env, e -> ListFlags.key(e).equals(key));
      if (at >= 0) {
        env.set(at, add);
      } else {
        env.add(add);
      }
    }
    return env;
  }

  private List<Placement.Preference> changedPreferences(List<Placement.Preference> current) {
    List<Placement.Preference> prefs = new ArrayList<>(current);
    prefs.removeIf(p -> p != null && p.spread() != null && p.spread().spreadDescriptor() != null
        && prefRm.contains(p.spread().spreadDescriptor().strip()));
    for (Placement.Preference add : prefAdd) {
      if (!prefs.contains(add)) {
        prefs.add(add);
      }
    }
    return prefs;
  }

  /** Removals by network (name or id, as the daemon resolves it), then additions replacing the same target. */
  private List<NetworkAttachmentConfig> networks(List<NetworkAttachmentConfig> current,
                                                 java.util.function.Function<String, String> networkId) {
    Set<String> removed = new java.util.HashSet<>();
    networkRm.forEach(n -> {
      removed.add(n);
      removed.add(networkId.apply(n));
    });
    List<NetworkAttachmentConfig> out = new ArrayList<>(current);
    out.removeIf(n -> removed.contains(n.target()));
    for (NetworkAttachmentConfig add : networkAdd) {
      String id = networkId.apply(add.target());
      out.removeIf(n -> n.target().equals(add.target()) || n.target().equals(id));
      out.add(add);
    }
    return out;
  }

  private List<PortConfig> ports(List<PortConfig> current) {
    List<PortConfig> ports = new ArrayList<>(current);
    ports.removeIf(p -> publishRm.contains(PublishFlag.key(p)));
    for (PortConfig add : publishAdd) {
      int at = indexOf(ports, p -> PublishFlag.key(p).equals(PublishFlag.key(add)));
      if (at >= 0) {
        ports.set(at, add);
      } else {
        ports.add(add);
      }
    }
    return ports;
  }

  private static List<String> changed(List<String> current, Set<String> remove, List<String> add) {
    List<String> out = new ArrayList<>(current);
    out.removeIf(c -> remove.contains(c.strip()));
    for (String a : add) {
      if (out.stream().noneMatch(c -> c.strip().equals(a.strip()))) {
        out.add(a);
      }
    }
    return out;
  }

  private static <T> int indexOf(List<T> list, Predicate<T> matches) {
    for (int i = 0; i < list.size(); i++) {
      if (matches.test(list.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
