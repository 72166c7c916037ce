package swarm.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.manager.controlapi.ControlApi;
import swarm.manager.ca.JoinTokenRotation;
import swarm.manager.ca.TlsMaterial;
import swarm.manager.controller.ControllerLoop;
import swarm.manager.dispatcher.Dispatcher;
import swarm.manager.dispatcher.HeartbeatPolicy;
import swarm.manager.dispatcher.NodeHealthMonitor;
import swarm.manager.events.EventLog;
import swarm.core.identity.Identity;
import swarm.manager.orchestrator.global.GlobalOrchestrator;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.orchestrator.taskreaper.TaskReaper;
import swarm.manager.orchestrator.update.Updater;
import swarm.manager.raft.RaftMembership;
import swarm.manager.raft.RaftNode;
import swarm.manager.raft.RaftPeerAddress;
import swarm.manager.raft.RaftPeerStatus;
import swarm.manager.role.RaftGroup;
import swarm.manager.role.RoleManager;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.allocator.Allocator;
import swarm.manager.allocator.NetworkAllocation;
import swarm.manager.state.Store;

/**
 * The manager role, as the node daemon uses it: the Raft node with its store, the leader-only
 * controller loop (started and stopped by leadership), the dispatcher for worker sessions and the
 * control API. Thread-safe; {@link #close} stops everything.
 */
public final class Manager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Manager.class);
  /** How long start-up waits for this node to become the leader of its (one-member) group. */
  private static final Duration LEADER_WAIT = Duration.ofSeconds(30);
  /** How long adding or removing a manager may take: catching a new member up by snapshot included. */
  private static final Duration JOIN_WAIT = Duration.ofSeconds(90);
  /** The caller of a join waits this much longer than the join itself: an unfinished addition is rolled back. */
  private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(40);
  /** How often the role manager looks at the Raft group even without store changes (reachability moves). */
  private static final Duration ROLE_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final ManagerConfig config;
  private final Store store;
  private final RaftNode raft;
  private final ControllerLoop controllers;
  private final Dispatcher dispatcher;
  private final NodeHealthMonitor nodeHealth;
  private final RoleManager roles;
  private final ControlApi controlApi;
  private final EventLog events;

  private Manager(ManagerConfig config, Store store, RaftNode raft) {
    this.config = config;
    this.store = store;
    this.raft = raft;
    this.events = EventLog.start(store, config.clock(), EventLog.DEFAULT_CAPACITY);
    this.controllers = new ControllerLoop(store, raft, config.clock(),
        List.of(new ReplicatedOrchestrator(), new GlobalOrchestrator(), new RestartSupervisor(), new Updater(),
            new Allocator(), new Scheduler(), new TaskReaper()),
        config.controllerDebounce(), config.commitTimeout());
    this.dispatcher = new Dispatcher(store, raft, config.clock(), config.reportInterval(), config.commitTimeout(),
        config.nodeId(), HeartbeatPolicy.of(config.heartbeatPeriod()));
    this.nodeHealth = new NodeHealthMonitor(store, raft, dispatcher, config.clock(), this::managerReachable);
    this.roles = new RoleManager(store, RaftGroup.of(raft), raft, config.clock(), ROLE_CHECK_INTERVAL,
        config.commitTimeout());
    this.controlApi = new ControlApi(store, raft, raft, config.clock(), config.commitTimeout(),
        id -> raft.members().stream().anyMatch(m -> m.peerId().equals(id)), JoinTokenRotation.INSTANCE);
    raft.addLeadershipListener(controllers);
    raft.addLeadershipListener(nodeHealth);
    raft.addLeadershipListener(roles);
  }

  /** Whether the manager {@code id} is reachable from the Raft leader's point of view (unknown counts as yes). */
  private boolean managerReachable(String id) {
    return raft.peers().stream().filter(p -> p.peerId().equals(id))
        .noneMatch(p -> p.reachability() == RaftPeerStatus.Reachability.UNREACHABLE);
  }

  /** Whether {@code dataDir} holds a manager's Raft state (then use {@link #restart}). */
  public static boolean isInitialized(Path dataDir) {
    return RaftMembership.exists(dataDir.resolve("raft"));
  }

  /**
   * Creates a new swarm: a new cluster id, a one-member Raft group, the cluster object and this
   * node as its manager and leader.
   *
   * @throws SwarmException INVALID if the data dir already holds a swarm
   */
  public static Manager init(ManagerConfig cfg) {
    return init(cfg, Identity.newId(), null);
  }

  /**
   * Creates a new swarm with the given id and certificate authority (kept in the replicated
   * Cluster object, so every manager can admit nodes); see {@link #init(ManagerConfig)}.
   */
  public static Manager init(ManagerConfig cfg, String clusterId, Cluster.RootCA rootCA) {
    return init(cfg, clusterId, rootCA, null, null);
  }

  /**
   * Creates a new swarm whose overlay networks take their subnets from {@code addrPool} in pieces of
   * {@code subnetSize} bits ({@code swarm init --default-addr-pool --default-addr-pool-mask-length}; null: Docker's
   * 10.0.0.0/8 in /24s), with its ingress network on the pool's first subnet; see {@link #init(ManagerConfig)}.
   *
   * @throws SwarmException INVALID if the pool is not valid
   */
  public static Manager init(ManagerConfig cfg, String clusterId, Cluster.RootCA rootCA, List<String> addrPool,
                             Integer subnetSize) {
    List<String> poolProblems = NetworkAllocation.poolProblems(addrPool, subnetSize);
    if (!poolProblems.isEmpty()) {
      throw SwarmException.invalid(poolProblems);
    }
    if (isInitialized(cfg.dataDir())) {
      throw SwarmException.invalid("this node is already part of a swarm (" + cfg.raftDir() + " exists)");
    }
    Store store = new Store();
    RaftNode raft = start(() -> {
      Files.createDirectories(cfg.raftDir());
      return RaftNode.bootstrap(cfg.raftSettings(), cfg.nodeId(), clusterId, store);
    });
    try {
      awaitLeader(raft);
      Instant now = cfg.clock().instant();
      Cluster cluster = new Cluster(clusterId, null, now, now, new Cluster.Spec(null, null,
          new Cluster.Raft(cfg.snapshotInterval())), rootCA, null, addrPool, subnetSize);
      Node self = new Node(cfg.nodeId(), null, now, now,
          new Node.Spec(Node.Role.MANAGER, Node.Availability.ACTIVE, null),
          new Node.Description(cfg.hostname(), null, null),
          new Node.Status(Node.State.READY, null, cfg.advertiseAddress()),
          new Node.ManagerStatus(true, "reachable", raft.address()));
      ApplyResult r = raft.commit(CommandBatch.of(new StoreCommand.PutCluster(cluster, 0),
          new StoreCommand.PutNode(self, 0),
          new StoreCommand.CreateNetwork(NetworkAllocation.ingress(Identity.newId(), cluster, now))),
          cfg.commitTimeout());
      if (!r.isOk()) {
        throw new IllegalStateException("new cluster refused by its own log: " + r.conflict());
      }
      LOG.info("swarm {} initialised; node {} is its manager", clusterId, cfg.nodeId());
      return new Manager(cfg, store, raft);
    } catch (RuntimeException e) {
      raft.close();
      throw e;
    }
  }

  /**
   * Makes this node a further manager of an existing swarm: starts an empty Raft member of the group, has the
   * leader add it (through any reachable member: the leader catches it up by log or snapshot, then commits the new
   * configuration) and waits until this manager holds the swarm's state. The node certificate in {@code cfg} must be
   * a MANAGER certificate of the swarm's CA when the swarm uses TLS.
   *
   * @param groupId the swarm's Raft group ({@link #raftGroupId()} of a manager)
   * @param members the group's members ({@link #raftMembers()} of a manager)
   * @throws SwarmException INVALID if the data dir already holds a swarm or this node already is a member;
   *                        UNAVAILABLE if the group did not take it within the admin timeout (no quorum, refused
   *                        certificate): the data dir is then left for the caller to wipe
   */
  public static Manager join(ManagerConfig cfg, UUID groupId, List<RaftPeerAddress> members) {
    if (isInitialized(cfg.dataDir())) {
      throw SwarmException.invalid("this node is already part of a swarm (" + cfg.raftDir() + " exists)");
    }
    Store store = new Store();
    RaftNode raft = start(() -> {
      Files.createDirectories(cfg.raftDir());
      return RaftNode.join(cfg.raftSettings(), cfg.nodeId(), groupId, members, store);
    });
    try {
      await(raft.addPeer(cfg.nodeId(), raft.address(), JOIN_WAIT), JOIN_WAIT.plus(ROLLBACK_WAIT),
          "joining the managers' Raft group");
      Manager manager = new Manager(cfg, store, raft);
      manager.registerAsManager();
      LOG.info("manager {} joined the swarm's Raft group {} at log index {}", cfg.nodeId(), groupId,
          store.current().index());
      return manager;
    } catch (RuntimeException e) {
      raft.close();
      throw e;
    }
  }

  /** Records this node as a manager in the store (a worker promoted, or a new node), once the state has arrived. */
  private void registerAsManager() {
    controlApi.cluster(); // a linearizable read: the joined log has caught up to the swarm's state
    Instant now = config.clock().instant();
    for (int attempt = 0; attempt < 5; attempt++) {
      Node current = store.current().nodes().get(config.nodeId());
      Node next;
      long expected;
      if (current == null) {
        next = new Node(config.nodeId(), null, now, now,
            new Node.Spec(Node.Role.MANAGER, Node.Availability.ACTIVE, null),
            new Node.Description(config.hostname(), null, null),
            new Node.Status(Node.State.READY, null, config.advertiseAddress()),
            new Node.ManagerStatus(false, "reachable", raft.address()));
        expected = 0;
      } else if (current.spec().role() == Node.Role.MANAGER && current.managerStatus() != null) {
        return;
      } else {
        next = new Node(current.id(), current.version(), current.createdAt(), now,
            new Node.Spec(Node.Role.MANAGER, current.spec().availability(), current.spec().labels()),
            current.description(), current.status(), new Node.ManagerStatus(false, "reachable", raft.address()));
        expected = current.version().index();
      }
      ApplyResult r = raft.commit(CommandBatch.of(new StoreCommand.PutNode(next, expected)), config.commitTimeout());
      if (r.isOk()) {
        return;
      }
    }
    LOG.warn("could not record node {} as a manager: its node object kept changing", config.nodeId());
  }

  /** Recovers the manager from {@code <dataDir>/raft}: latest snapshot, then the log after it. */
  public static Manager restart(ManagerConfig cfg) {
    if (!isInitialized(cfg.dataDir())) {
      throw SwarmException.invalid("this node is not part of a swarm (no " + cfg.raftDir() + ")");
    }
    RaftMembership membership = RaftMembership.load(cfg.raftDir());
    if (!membership.peerId().equals(cfg.nodeId())) {
      throw SwarmException.invalid("the Raft state in " + cfg.raftDir() + " belongs to node " + membership.peerId()
          + ", not " + cfg.nodeId());
    }
    Store store = new Store();
    RaftNode raft = start(() -> RaftNode.restart(cfg.raftSettings(), store));
    try {
      if (raft.members().size() == 1) {
        awaitLeader(raft);
      } else {
        awaitAnyLeader(raft); // a member of a larger group may come back before a quorum does: start anyway
      }
      LOG.info("manager {} recovered at log index {}", cfg.nodeId(), store.current().index());
      return new Manager(cfg, store, raft);
    } catch (RuntimeException e) {
      raft.close();
      throw e;
    }
  }

  private interface Starter {
    RaftNode start() throws IOException;
  }

  private static RaftNode start(Starter starter) {
    try {
      return starter.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Raft node", e);
    }
  }

  /** This node is the whole group, so it must become leader. */
  private static void awaitLeader(RaftNode raft) {
    try {
      if (!raft.awaitLeader(LEADER_WAIT)) {
        throw SwarmException.unavailable("no Raft leader after " + LEADER_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while waiting for a Raft leader");
    }
  }

  private static void awaitAnyLeader(RaftNode raft) {
    try {
      if (!raft.awaitAnyLeader(LEADER_WAIT)) {
        LOG.warn("manager {} sees no Raft leader after {} s: no quorum yet; reads and writes wait for one",
            raft.peerId(), LEADER_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while waiting for a Raft leader");
    }
  }

  private static void await(CompletableFuture<Void> change, Duration timeout, String what) {
    try {
      change.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SwarmException se) {
        throw se;
      }
      throw SwarmException.unavailable(what + " failed: " + e.getCause());
    } catch (TimeoutException e) {
      throw SwarmException.unavailable(what + " did not finish within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while " + what);
    }
  }

  // ---- the managers' Raft group ----

  /** The swarm's Raft group id, which a joining manager needs. */
  public UUID raftGroupId() {
    return raft.groupId();
  }

  /** This manager's Raft address, {@code host:port}. */
  public String raftAddress() {
    return raft.address();
  }

  /** The Raft group's members as this manager knows them, which a joining manager needs to find the leader. */
  public List<RaftPeerAddress> raftMembers() {
    return raft.members();
  }

  /**
   * Every manager with its Raft address, whether it leads and whether the leader hears from it: {@code node ls}'s
   * MANAGER STATUS (Leader / Reachable / Unreachable).
   */
  public List<RaftPeerStatus> managers() {
    return raft.peers();
  }

  /** Adds a started, empty member ({@link #join}) to the group through the leader; waits until it is a voter. */
  public void addManager(String nodeId, String raftAddress) {
    await(raft.addPeer(nodeId, raftAddress, JOIN_WAIT), JOIN_WAIT.plus(ROLLBACK_WAIT), "adding manager " + nodeId);
  }

  /**
   * Removes a manager from the Raft group (Swarm's demote): the remaining managers form the quorum from then on.
   *
   * @throws SwarmException INVALID "cannot remove the last manager", NOT_FOUND if it is not a manager, UNAVAILABLE
   *                        without a quorum
   */
  public void removeManager(String nodeId) {
    await(raft.removePeer(nodeId), JOIN_WAIT, "removing manager " + nodeId);
  }

  /** Hands Raft leadership to another manager (before demoting or stopping this one). */
  public void transferLeadership(String nodeId) {
    await(raft.transferLeadership(nodeId, LEADER_WAIT), LEADER_WAIT.plusSeconds(5), "transferring leadership");
  }

  /** Whether the leader-only controllers run on this manager now. */
  public boolean controllersActive() {
    return controllers.isActive();
  }

  public ControlApi controlApi() {
    return controlApi;
  }

  /** Promotions and demotions: the leader's role manager (idle on followers). */
  public RoleManager roles() {
    return roles;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /** Node liveness; membership (Hazelcast) reports a vanished node here, the fast path to DOWN. */
  public NodeHealthMonitor nodeHealth() {
    return nodeHealth;
  }

  /**
   * After this node's certificate was renewed: Raft's new connections present it (the cluster port's listener is
   * the daemon's, which swaps its own). No restart needed.
   */
  public void useCertificate(TlsMaterial renewed) {
    raft.useCertificate(renewed);
  }

  public Store store() {
    return store;
  }

  /** This manager's recent events and live event feed ({@code GET /events}). */
  public EventLog events() {
    return events;
  }

  /** What stops this manager from writing ({@link RaftNode#writeBlocker}), or empty when it can write. */
  public java.util.Optional<String> writeBlocker() {
    return raft.writeBlocker();
  }

  /** Whether Ratis closed this manager's Raft server (a failed log write) and enough disk is free to start it again. */
  public boolean needsRaftRestart() {
    return !raft.isRunning() && raft.disk().hasRoomToRestart();
  }

  public boolean isLeader() {
    return raft.isLeader();
  }

  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public void close() {
    controllers.close();
    roles.close();
    nodeHealth.close();
    dispatcher.close();
    raft.close();
    events.close();
  }
}
