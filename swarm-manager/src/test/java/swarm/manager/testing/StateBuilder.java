package swarm.manager.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.Version;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.Placement;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.Resources;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceMode;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.manager.state.ClusterState;
import swarm.manager.state.StateApplier;

/** Builds cluster states for controller tests, and applies controller output like the log would. */
public final class StateBuilder {
  public static final Instant T0 = MutableClock.EPOCH;

  private Cluster cluster = new Cluster("cluster1", new Version(1), T0, T0, null);
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Network> networks = new HashMap<>();
  private long index = 10;
  private int taskSeq;

  public static StateBuilder state() {
    return new StateBuilder();
  }

  public static ServiceSpec spec(String name, long replicas) {
    return new ServiceSpec(name, null, new TaskSpec(new ContainerSpec("busybox", List.of("sleep", "1000"), null, null,
        null, null, null, null, null), null, null, null), ServiceMode.replicated(replicas));
  }

  public static ServiceSpec spec(String name, long replicas, RestartPolicy policy) {
    ServiceSpec s = spec(name, replicas);
    return s.withTaskTemplate(new TaskSpec(s.taskTemplate().containerSpec(), null, policy, null));
  }

  public static ServiceSpec spec(String name, long replicas, Resources reservations) {
    ServiceSpec s = spec(name, replicas);
    return s.withTaskTemplate(new TaskSpec(s.taskTemplate().containerSpec(),
        new ResourceRequirements(null, reservations), null, null));
  }

  public static ServiceSpec spec(String name, long replicas, Placement placement) {
    ServiceSpec s = spec(name, replicas);
    return s.withTaskTemplate(s.taskTemplate().withPlacement(placement));
  }

  /** A READY, ACTIVE worker with the default resources and these node labels ({@code "zone", "a", ...}). */
  public StateBuilder labeledNode(String id, String... keyValues) {
    readyNode(id);
    return labels(id, keyValues);
  }

  /** Replaces a node's labels ({@code "zone", "a", ...}). */
  public StateBuilder labels(String id, String... keyValues) {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      labels.put(keyValues[i], keyValues[i + 1]);
    }
    Node n = nodes.get(id);
    nodes.put(id, n.withSpec(new Node.Spec(n.spec().role(), n.spec().availability(), labels), T0));
    return this;
  }

  /** A global service: one task on every eligible node. */
  public static ServiceSpec globalSpec(String name) {
    ServiceSpec s = spec(name, 1);
    return new ServiceSpec(s.name(), s.labels(), s.taskTemplate(), ServiceMode.ofGlobal());
  }

  public static ServiceSpec globalSpec(String name, RestartPolicy policy) {
    ServiceSpec s = globalSpec(name);
    return s.withTaskTemplate(new TaskSpec(s.taskTemplate().containerSpec(), null, policy, null));
  }

  public StateBuilder historyLimit(long limit) {
    cluster = new Cluster(cluster.id(), cluster.version(), T0, T0,
        new Cluster.Spec(null, new Cluster.Orchestration(limit), null));
    return this;
  }

  public StateBuilder readyNode(String id) {
    return node(id, Node.State.READY, Node.Availability.ACTIVE, new Resources(4_000_000_000L, 8L << 30, 0L));
  }

  /** A READY, ACTIVE node whose spec role is MANAGER, with a reachable ManagerStatus. */
  public StateBuilder managerNode(String id) {
    nodes.put(id, new Node(id, new Version(2), T0, T0, new Node.Spec(Node.Role.MANAGER, Node.Availability.ACTIVE, null),
        new Node.Description(id + "-host", null, new Resources(4_000_000_000L, 8L << 30, 0L)),
        new Node.Status(Node.State.READY, null, null), new Node.ManagerStatus(false, "reachable", id + ":4001")));
    return this;
  }

  /** Replaces a node's spec (drain, pause, demote). */
  public StateBuilder nodeSpec(String id, Node.Role role, Node.Availability availability) {
    Node n = nodes.get(id);
    nodes.put(id, n.withSpec(new Node.Spec(role, availability, n.spec().labels()), T0));
    return this;
  }

  public StateBuilder node(String id, Node.State state, Node.Availability availability, Resources resources) {
    nodes.put(id, new Node(id, new Version(2), T0, T0, new Node.Spec(Node.Role.WORKER, availability, null),
        new Node.Description(id + "-host", null, resources), new Node.Status(state, null, null), null));
    return this;
  }

  public StateBuilder service(String id, ServiceSpec spec) {
    services.put(id, new Service(id, new Version(5), T0, T0, spec, null));
    return this;
  }

  public Service service(String id) {
    return services.get(id);
  }

  /** A task of service {@code serviceId} in {@code slot}; its spec is the service's current template. */
  public StateBuilder task(String serviceId, long slot, TaskState state, TaskState desired, String nodeId) {
    return task("t" + (++taskSeq), serviceId, slot, state, desired, nodeId, T0.plusSeconds(taskSeq));
  }

  public StateBuilder task(String id, String serviceId, long slot, TaskState state, TaskState desired, String nodeId,
                           Instant createdAt) {
    Service s = services.get(serviceId);
    tasks.put(id, new Task(id, new Version(6), createdAt, createdAt, serviceId, s.spec().name(), slot, nodeId,
        s.spec().taskTemplate(), s.spec().endpointSpec(), s.version(), TaskStatus.of(state, createdAt, state.wire()), desired, null));
    return this;
  }

  /** A task of global service {@code serviceId} on {@code nodeId} (no slot); its spec is the current template. */
  public StateBuilder globalTask(String id, String serviceId, String nodeId, TaskState state, TaskState desired,
                                 Instant createdAt) {
    Service s = services.get(serviceId);
    tasks.put(id, new Task(id, new Version(6), createdAt, createdAt, serviceId, s.spec().name(), null, nodeId,
        s.spec().taskTemplate(), s.spec().endpointSpec(), s.version(), TaskStatus.of(state, createdAt, state.wire()), desired, null));
    return this;
  }

  public ClusterState build() {
    return ClusterState.of(cluster, nodes, services, tasks, networks, index);
  }

  /** Adds a network as stored (allocated already). */
  public StateBuilder network(Network n) {
    networks.put(n.id(), n);
    return this;
  }

  /** The cluster's address pool for networks without a subnet ({@code swarm init --default-addr-pool}). */
  public StateBuilder addressPool(List<String> pool, int subnetSize) {
    cluster = cluster.withAddressPool(pool, subnetSize);
    return this;
  }

  /** Sets a node's underlay address ({@code Node.Status.Addr}). */
  public StateBuilder nodeAddr(String id, String addr) {
    Node n = nodes.get(id);
    nodes.put(id, n.withStatus(new Node.Status(n.status().state(), n.status().message(), addr), T0));
    return this;
  }

  /** Applies commands as the next log entry; fails the test if the log would refuse them. */
  public static ClusterState apply(ClusterState state, List<StoreCommand> commands) {
    StateApplier.Result r = StateApplier.apply(state, new CommandBatch(commands), state.index() + 1);
    if (!r.result().isOk()) {
      throw new AssertionError("refused: " + r.result().conflict());
    }
    return r.state();
  }

  public static ClusterState apply(ClusterState state, StoreCommand... commands) {
    return apply(state, List.of(commands));
  }
}
