package swarm.manager.controlapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.UpdateStatus;
import swarm.manager.allocator.PublishedPorts;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.Version;
import swarm.core.spec.NetworkSpec;
import swarm.core.spec.ServiceSpec;
import swarm.manager.allocator.NetworkAllocation;
import swarm.manager.orchestrator.update.UpdateStatuses;
import swarm.core.identity.Identity;
import swarm.manager.raft.Proposer;
import swarm.manager.raft.ReadBarrier;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.manager.state.TaskBudget;

/**
 * The manager's API for users (swarmkit's controlapi): validates requests, turns writes into log
 * entries and waits for them to commit, and answers reads. Errors are {@link SwarmException}s
 * with a message for a person: 400 invalid, 404 not found, 409 conflict (decided by the log, e.g.
 * a taken name or a stale version), 503 when no commit happens in time. Thread-safe.
 *
 * <p>Writes go to the Raft leader from whichever manager takes them (the {@link Proposer} finds it) and return once
 * this manager has applied them, so a caller reads its own writes here. Reads pass a {@link ReadBarrier} first: on
 * a follower that is a Raft read index round with the leader, so a service created through another manager a moment
 * ago is listed here too; the leader reads its store at once. Without a quorum both fail with 503 in bounded time.
 *
 * <p>Nodes: changing a node's role only records the wish ({@code Spec.Role}); the leader's role manager
 * ({@code swarm.manager.role}) then changes the Raft group to match.
 */
public final class ControlApi {
  /** Status message of the tasks of a node removed from the swarm: they will never report again. */
  public static final String NODE_REMOVED = "node removed from the swarm";
  /** swarmkit's {@code ca.MinNodeCertExpiration}. */
  static final Duration MIN_NODE_CERT_EXPIRY = swarm.manager.ca.NodeCertExpiry.MINIMUM;
  private static final int CLUSTER_WRITE_ATTEMPTS = 5;

  private final Store store;
  private final Proposer proposer;
  private final ReadBarrier readBarrier;
  private final Clock clock;
  private final Duration commitTimeout;
  private final Predicate<String> raftMember;
  private final TokenRotation tokenRotation;
  private final TaskBudget budget;

  /** A control API over a store that alone holds every committed change (one manager, or an in-memory log). */
  public ControlApi(Store store, Proposer proposer, Clock clock, Duration commitTimeout) {
    this(store, proposer, ReadBarrier.LOCAL, clock, commitTimeout);
  }

  public ControlApi(Store store, Proposer proposer, ReadBarrier readBarrier, Clock clock, Duration commitTimeout) {
    this(store, proposer, readBarrier, clock, commitTimeout, id -> false, TokenRotation.UNSUPPORTED);
  }

  /**
   * @param raftMember    whether a node id is a member of the managers' Raft group now (a node still in it is
   *                      never removed, whatever its spec says)
   * @param tokenRotation how {@link #updateCluster} replaces join tokens
   */
  public ControlApi(Store store, Proposer proposer, ReadBarrier readBarrier, Clock clock, Duration commitTimeout,
                    Predicate<String> raftMember, TokenRotation tokenRotation) {
    this(store, proposer, readBarrier, clock, commitTimeout, raftMember, tokenRotation, TaskBudget.ofThisHeap());
  }

  /** @param budget how many tasks the managers' heap holds: creates and scales past it are refused */
  public ControlApi(Store store, Proposer proposer, ReadBarrier readBarrier, Clock clock, Duration commitTimeout,
                    Predicate<String> raftMember, TokenRotation tokenRotation, TaskBudget budget) {
    this.budget = budget;
    this.store = store;
    this.proposer = proposer;
    this.readBarrier = readBarrier;
    this.clock = clock;
    this.commitTimeout = commitTimeout;
    this.raftMember = raftMember;
    this.tokenRotation = tokenRotation;
  }

  /** The local store, once it holds everything committed before this call. */
  private ClusterState read() {
    readBarrier.await(commitTimeout);
    return store.current();
  }

  public Service createService(ServiceSpec spec) {
    validate(spec);
    ClusterState state = read();
    spec = ServiceNetworks.resolve(state, spec);
    spec = PublishedPorts.assign(state, spec, null);
    checkBudget(state, spec, null);
    Service service = new Service(Identity.newId(), null, clock.instant(), clock.instant(), spec, null);
    commit(new StoreCommand.CreateService(service));
    return store.current().services().get(service.id());
  }

  /**
   * Replaces the spec of a service, based on the version the caller read (409 when it moved).
   * The previous spec is kept for rollback. Changing between replicated and global is refused. A change of what its
   * tasks run (or any change of a paused service) starts a rolling update: status UPDATING
   * ({@link UpdateStatuses#afterSpecChange}).
   */
  public Service updateService(String idOrName, long version, ServiceSpec spec) {
    validate(spec);
    ClusterState state = read();
    spec = ServiceNetworks.resolve(state, spec);
    Service current = service(idOrName);
    spec = PublishedPorts.assign(state, spec, current);
    requireReadVersion("service", current.spec().name(), current.version(), version);
    if (current.spec().mode().isGlobal() != spec.mode().isGlobal()) {
      throw SwarmException.invalid("service mode change is not allowed: remove the service and create it again");
    }
    checkBudget(read(), spec, current.id());
    Instant now = clock.instant();
    UpdateStatus status = UpdateStatuses.afterSpecChange(current, spec, now);
    commit(new StoreCommand.UpdateService(current.withSpec(spec, now).withUpdateStatus(status), version));
    return store.current().services().get(current.id());
  }

  /**
   * Docker's {@code service rollback} ({@code update --rollback}, API {@code rollback=previous}): the previous spec
   * becomes the spec again, based on the version the caller read (409 when it moved); the updater then replaces the
   * tasks with the rollback config. Refused when the service has no previous spec.
   */
  public Service rollbackService(String idOrName, long version) {
    Service current = service(idOrName);
    requireReadVersion("service", current.spec().name(), current.version(), version);
    if (current.previousSpec() == null) {
      throw SwarmException.invalid("service " + current.spec().name() + " has no previous spec to roll back to");
    }
    Instant now = clock.instant();
    Service rolledBack = current.withSpec(current.previousSpec(), now)
        .withUpdateStatus(UpdateStatuses.manualRollback(now));
    commit(new StoreCommand.UpdateService(rolledBack, version));
    return store.current().services().get(current.id());
  }

  public void removeService(String idOrName) {
    commit(new StoreCommand.RemoveService(service(idOrName).id()));
  }

  /**
   * Creates an overlay network with a VXLAN id and, unless the spec gives one, a subnet of the cluster's address
   * pool (409 when the name is taken or the subnet overlaps another network's).
   */
  public Network createNetwork(NetworkSpec spec) {
    if (spec == null) {
      throw SwarmException.invalid("a network spec is required");
    }
    List<String> problems = spec.validate();
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    ClusterState state = read();
    if (state.networkByName(spec.name()).isPresent()) {
      throw SwarmException.conflict("network with name " + spec.name() + " already exists");
    }
    Network network = NetworkAllocation.allocate(Identity.newId(), spec, state, clock.instant());
    commit(new StoreCommand.CreateNetwork(network));
    return store.current().networks().get(network.id());
  }

  /** Every network, by name. */
  public List<Network> networks() {
    return read().networks().values().stream().sorted(Comparator.comparing(Network::name)).toList();
  }

  /** By id, exact name, or unique id prefix. */
  public Network network(String idOrName) {
    return ServiceNetworks.network(read(), idOrName);
  }

  /** Removes a network; refused (409) while a service uses it, naming the service. */
  public void removeNetwork(String idOrName) {
    commit(new StoreCommand.RemoveNetwork(network(idOrName).id()));
  }

  /** By id, exact name, or unique id prefix. */
  public Service service(String idOrName) {
    return service(read(), idOrName);
  }

  private static Service service(ClusterState state, String idOrName) {
    Optional<Service> exact = state.serviceById(idOrName).or(() -> state.serviceByName(idOrName));
    if (exact.isPresent()) {
      return exact.get();
    }
    List<Service> byPrefix = idOrName.isEmpty() ? List.of() : state.servicesByIdPrefix(idOrName);
    if (byPrefix.size() == 1) {
      return byPrefix.get(0);
    }
    if (byPrefix.size() > 1) {
      throw SwarmException.invalid("service " + idOrName + " is ambiguous (" + byPrefix.size() + " matches found)");
    }
    throw SwarmException.notFound("service " + idOrName + " not found");
  }

  /** Every service, by name. */
  public List<Service> services() {
    return read().services().values().stream()
        .sorted(Comparator.comparing((Service s) -> s.spec().name())).toList();
  }

  /**
   * Tasks, optionally only those of one service, one node, or one desired state (null = any),
   * ordered by service name, slot, then creation time.
   */
  public List<Task> tasks(String serviceIdOrName, String nodeId, TaskState desiredState) {
    ClusterState state = read();
    String serviceId = serviceIdOrName == null ? null : service(state, serviceIdOrName).id();
    return state.tasks().values().stream()
        .filter(t -> serviceId == null || serviceId.equals(t.serviceId()))
        .filter(t -> nodeId == null || nodeId.equals(t.nodeId()))
        .filter(t -> desiredState == null || desiredState == t.desiredState())
        .sorted(ClusterState.TASK_ORDER)
        .toList();
  }

  public List<Node> nodes() {
    return sortedNodes(read());
  }

  /**
   * The nodes in this manager's own copy of the state, without a linearizable read: what a manager that cannot
   * take part in the log (a full disk, a stopped Raft server) still shows of the swarm.
   */
  public List<Node> localNodes() {
    return sortedNodes(store.current());
  }

  private static List<Node> sortedNodes(ClusterState state) {
    return state.nodes().values().stream().sorted(Comparator.comparing(Node::id)).toList();
  }

  /** By id, hostname, or unique id prefix. */
  public Node node(String idOrHostname) {
    return node(read(), idOrHostname);
  }

  private static Node node(ClusterState state, String idOrHostname) {
    Node exact = state.nodes().get(idOrHostname);
    if (exact != null) {
      return exact;
    }
    List<Node> matches = state.nodes().values().stream()
        .filter(n -> n.description() != null && idOrHostname.equals(n.description().hostname()))
        .toList();
    if (matches.isEmpty() && !idOrHostname.isEmpty()) {
      matches = state.nodes().values().stream().filter(n -> n.id().startsWith(idOrHostname)).toList();
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw SwarmException.invalid("node " + idOrHostname + " is ambiguous (" + matches.size() + " matches found)");
    }
    throw SwarmException.notFound("node " + idOrHostname + " not found");
  }

  /**
   * Replaces a node's spec (availability, labels, role), based on the version the caller read (409 when it moved).
   * Demoting the last manager is refused; a change that leaves the swarm without fault tolerance is made, with a
   * warning. A role change takes effect when the role manager has changed the Raft group.
   */
  public NodeUpdate updateNode(String idOrHostname, long version, Node.Spec spec) {
    validate(spec);
    ClusterState state = read();
    Node current = node(state, idOrHostname);
    requireReadVersion("node", current.id(), current.version(), version);
    int before = ManagerQuorum.managers(state.nodes().values());
    Node.Role from = current.spec() == null ? Node.Role.WORKER : current.spec().role();
    int after = before + (from == spec.role() ? 0 : spec.role() == Node.Role.MANAGER ? 1 : -1);
    if (from == Node.Role.MANAGER && spec.role() == Node.Role.WORKER && after < 1) {
      throw SwarmException.invalid(ManagerQuorum.LAST_MANAGER);
    }
    commit(new StoreCommand.PutNode(current.withSpec(spec, clock.instant()), version));
    return new NodeUpdate(store.current().nodes().get(current.id()), ManagerQuorum.warnings(before, after));
  }

  /**
   * Removes a node from the swarm (Docker's {@code node rm}): refused for a manager (demote it first) and, unless
   * {@code force}, for a node that is not DOWN. Its id joins the cluster's removed nodes in the same log entry, so
   * every manager's CA refuses its certificate from then on; its unfinished tasks become ORPHANED, and the
   * orchestrators replace them elsewhere.
   */
  public void removeNode(String idOrHostname, boolean force) {
    for (int attempt = 1; ; attempt++) {
      ClusterState state = read();
      Node node = node(state, idOrHostname);
      if ((node.spec() != null && node.spec().role() == Node.Role.MANAGER) || raftMember.test(node.id())) {
        throw SwarmException.invalid("node " + idOrHostname + " is a cluster manager and is a member of the raft"
            + " cluster. It must be demoted to worker before removal");
      }
      if (!force && (node.status() == null || node.status().state() != Node.State.DOWN)) {
        throw SwarmException.invalid("node " + idOrHostname + " is not down and can't be removed (use --force)");
      }
      Cluster cluster = requireCluster(state);
      Instant now = clock.instant();
      List<StoreCommand> commands = new ArrayList<>();
      commands.add(new StoreCommand.PutCluster(cluster.withRemovedNode(node.id(), now), cluster.version().index()));
      commands.add(new StoreCommand.RemoveNode(node.id()));
      for (Task t : state.tasksOfNode(node.id())) {
        if (!t.state().isTerminal()) {
          commands.add(new StoreCommand.UpdateTaskStatus(t.id(), TaskStatus.of(TaskState.ORPHANED, now, NODE_REMOVED)));
        }
      }
      try {
        commit(commands);
        return;
      } catch (SwarmException e) {
        // The cluster object is version-checked: a concurrent settings change or removal moved it. Read again.
        if (e.kind() != SwarmException.Kind.CONFLICT || attempt >= CLUSTER_WRITE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Replaces the cluster's settings ({@code swarm update}), based on the version the caller read (409 when it
   * moved), rotating the join tokens asked for in the same write.
   */
  public Cluster updateCluster(long version, Cluster.Spec spec, boolean rotateWorkerToken,
                               boolean rotateManagerToken) {
    validate(spec);
    if (version <= 0) {
      throw SwarmException.invalid("a cluster version is required: the Version.Index the settings were read at");
    }
    Cluster current = cluster();
    Cluster next = current.withSpec(spec, clock.instant());
    if (rotateWorkerToken || rotateManagerToken) {
      if (current.rootCA() == null) {
        throw SwarmException.unavailable("this swarm has no certificate authority yet: no join tokens to rotate");
      }
      next = next.withRootCA(tokenRotation.rotate(current.rootCA(), rotateWorkerToken, rotateManagerToken));
    }
    commit(new StoreCommand.PutCluster(next, version));
    return store.current().cluster();
  }

  public Cluster cluster() {
    return requireCluster(read());
  }

  private static Cluster requireCluster(ClusterState state) {
    Cluster c = state.cluster();
    if (c == null) {
      throw SwarmException.unavailable("this node is not part of an initialised swarm yet");
    }
    return c;
  }

  private static void validate(Node.Spec spec) {
    if (spec == null) {
      throw SwarmException.invalid("a node spec is required");
    }
    List<String> problems = new ArrayList<>();
    spec.labels().forEach((k, v) -> {
      if (k == null || k.isBlank()) {
        problems.add("invalid node label '" + k + "=" + v + "': the key must not be empty");
      }
    });
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
  }

  private static void validate(Cluster.Spec spec) {
    if (spec == null) {
      throw SwarmException.invalid("a swarm spec is required");
    }
    List<String> problems = new ArrayList<>();
    if (spec.orchestration().taskHistoryRetentionLimit() < 0) {
      problems.add("invalid task history limit " + spec.orchestration().taskHistoryRetentionLimit()
          + ": must be 0 or greater");
    }
    if (spec.raft().snapshotInterval() <= 0) {
      problems.add("invalid snapshot interval " + spec.raft().snapshotInterval() + ": must be 1 or greater");
    }
    if (spec.dispatcher().heartbeatPeriod() <= 0) {
      problems.add("invalid dispatcher heartbeat period: must be greater than 0");
    }
    if (spec.caConfig().nodeCertExpiry() < MIN_NODE_CERT_EXPIRY.toNanos()) {
      problems.add("invalid certificate expiry (--cert-expiry): minimum certificate expiry time is: "
          + swarm.core.units.Durations.format(MIN_NODE_CERT_EXPIRY));
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
  }

  /**
   * Refuses an update based on version 0 as the log would refuse any other stale version: to the log's version
   * check 0 means "create", whose refusal ("already exists") would tell the caller nothing useful.
   */
  private static void requireReadVersion(String kind, String name, Version current, long version) {
    if (version < 1) {
      throw SwarmException.conflict("update out of sequence: " + kind + " " + name + " is at version "
          + (current == null ? 0 : current.index()) + ", the update was based on version " + version
          + " (read it again and retry)");
    }
  }

  private static void validate(ServiceSpec spec) {
    if (spec == null) {
      throw SwarmException.invalid("a service spec is required");
    }
    List<String> problems = new ArrayList<>(spec.validate());
    int size = TaskBudget.specBytes(spec);
    if (size > TaskBudget.MAX_SPEC_BYTES) {
      problems.add("service spec is too large: " + size / 1024 + " KiB as JSON, at most "
          + TaskBudget.MAX_SPEC_BYTES / 1024 + " KiB (every task and every update carries it)");
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
  }

  /**
   * Refuses a spec whose tasks, with the other services' desired tasks, would not fit in the managers' heap
   * ({@link TaskBudget}); {@code serviceId} is the service being changed, null for a new one.
   */
  private void checkBudget(ClusterState state, ServiceSpec spec, String serviceId) {
    long cost = TaskBudget.costOfTask(spec);
    long room = Math.max(0, budget.bytes() - budget.usedByOthers(state, serviceId)) / cost;
    if (spec.mode().isGlobal()) {
      if (state.nodes().size() > room) {
        throw SwarmException.invalid("global service needs " + state.nodes().size() + " tasks (one per node), but "
            + "the managers' heap has room for " + room + " more tasks of this spec: remove other services, or give "
            + "the managers more heap (SWARM_DAEMON_JAVA_OPTS=-Xmx…)");
      }
      return;
    }
    long replicas = spec.mode().replicated().replicas();
    if (replicas > room) {
      long others = budget.tasksOf(spec) - room;
      throw SwarmException.invalid("invalid replicas " + replicas + " (--replicas): at most " + room + " for this "
          + "service: the managers' heap holds " + budget.tasksOf(spec) + " tasks of its size"
          + (others > 0 ? " and other services take room for " + others : "")
          + " (" + TaskBudget.BYTES_PER_TASK / 1024 + " KiB a task plus twice its spec; give the managers more heap "
          + "with SWARM_DAEMON_JAVA_OPTS=-Xmx… for more)");
    }
  }

  /** Commits one command and waits until the local store has applied it; a refusal is a 409. */
  private void commit(StoreCommand command) {
    commit(List.of(command));
  }

  /** Commits the commands as one log entry, all or nothing. */
  private void commit(List<StoreCommand> commands) {
    ApplyResult result = proposer.commit(new CommandBatch(commands), commitTimeout);
    if (!result.isOk()) {
      throw SwarmException.conflict(result.conflict());
    }
    try {
      if (!store.awaitIndex(result.index(), commitTimeout)) {
        throw SwarmException.unavailable("the change committed but this manager has not applied it yet: try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while waiting for the change to apply");
    }
  }
}
