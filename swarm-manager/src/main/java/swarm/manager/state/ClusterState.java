package swarm.manager.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;

/**
 * Everything the Raft log has decided, as one immutable value: the cluster object, nodes,
 * services, tasks and networks by id, and the index of the last applied log entry. Safe to share between
 * threads; "changing" it means {@link StateApplier#apply} returning a new one.
 *
 * <p>The maps are unmodifiable and copied on write per applied batch. TODO: persistent (HAMT)
 * maps so a batch costs O(changes) rather than O(objects) once clusters hold 100k tasks.
 */
public record ClusterState(Cluster cluster, Map<String, Node> nodes, Map<String, Service> services,
                           Map<String, Task> tasks, Map<String, Network> networks, long index) {
  public static final ClusterState EMPTY = new ClusterState(null, Map.of(), Map.of(), Map.of(), Map.of(), 0);

  /** Takes the maps as given: pass unmodifiable ones (the applier does), or use {@link #of}. */
  public ClusterState {
    nodes = nodes == null ? Map.of() : nodes;
    services = services == null ? Map.of() : services;
    tasks = tasks == null ? Map.of() : tasks;
    networks = networks == null ? Map.of() : networks;
  }

  /** A state without networks. */
  public ClusterState(Cluster cluster, Map<String, Node> nodes, Map<String, Service> services,
                      Map<String, Task> tasks, long index) {
    this(cluster, nodes, services, tasks, Map.of(), index);
  }

  /** A state from maps the caller may still change: copies them. */
  public static ClusterState of(Cluster cluster, Map<String, Node> nodes, Map<String, Service> services,
                                Map<String, Task> tasks, long index) {
    return of(cluster, nodes, services, tasks, Map.of(), index);
  }

  /** A state from maps the caller may still change: copies them. */
  public static ClusterState of(Cluster cluster, Map<String, Node> nodes, Map<String, Service> services,
                                Map<String, Task> tasks, Map<String, Network> networks, long index) {
    return new ClusterState(cluster, copy(nodes), copy(services), copy(tasks), copy(networks), index);
  }

  /** The same objects at another log index. */
  public ClusterState withIndex(long i) {
    return new ClusterState(cluster, nodes, services, tasks, networks, i);
  }

  public Optional<Network> networkByName(String name) {
    return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The routing mesh's network, if the swarm has one. */
  public Optional<Network> ingressNetwork() {
    return networks.values().stream().filter(Network::isIngress).findFirst();
  }

  /** Networks whose id starts with {@code prefix}, sorted by id. */
  public List<Network> networksByIdPrefix(String prefix) {
    return networks.values().stream().filter(n -> n.id().startsWith(prefix))
        .sorted(Comparator.comparing(Network::id)).toList();
  }

  static <V> Map<String, V> copy(Map<String, V> m) {
    return Collections.unmodifiableMap(new HashMap<>(m));
  }

  public Optional<Service> serviceById(String id) {
    return Optional.ofNullable(services.get(id));
  }

  public Optional<Service> serviceByName(String name) {
    return services.values().stream().filter(s -> s.spec().name().equals(name)).findFirst();
  }

  /** Services whose id starts with {@code prefix}, sorted by id. */
  public List<Service> servicesByIdPrefix(String prefix) {
    return services.values().stream().filter(s -> s.id().startsWith(prefix))
        .sorted(Comparator.comparing(Service::id)).toList();
  }

  /** Tasks of one service, by slot then creation time. */
  public List<Task> tasksOfService(String serviceId) {
    List<Task> out = new ArrayList<>();
    for (Task t : tasks.values()) {
      if (serviceId.equals(t.serviceId())) {
        out.add(t);
      }
    }
    out.sort(TASK_ORDER);
    return out;
  }

  /** Tasks assigned to one node, by service, slot and creation time. */
  public List<Task> tasksOfNode(String nodeId) {
    List<Task> out = new ArrayList<>();
    for (Task t : tasks.values()) {
      if (nodeId.equals(t.nodeId())) {
        out.add(t);
      }
    }
    out.sort(TASK_ORDER);
    return out;
  }

  /** A stable order for listings and deterministic controller passes. */
  public static final Comparator<Task> TASK_ORDER = Comparator
      .comparing((Task t) -> t.serviceName() == null ? "" : t.serviceName())
      .thenComparing(t -> t.slot() == null ? 0L : t.slot())
      .thenComparing(t -> t.createdAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Task::id);
}
