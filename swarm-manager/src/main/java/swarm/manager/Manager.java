package swarm.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.manager.controlapi.ControlApi;
import swarm.manager.controller.ControllerLoop;
import swarm.manager.dispatcher.Dispatcher;
import swarm.core.identity.Identity;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.orchestrator.taskreaper.TaskReaper;
import swarm.manager.orchestrator.update.Updater;
import swarm.manager.raft.RaftMembership;
import swarm.manager.raft.RaftNode;
import swarm.manager.scheduler.Scheduler;
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

  private final ManagerConfig config;
  private final Store store;
  private final RaftNode raft;
  private final ControllerLoop controllers;
  private final Dispatcher dispatcher;
  private final ControlApi controlApi;

  private Manager(ManagerConfig config, Store store, RaftNode raft) {
    this.config = config;
    this.store = store;
    this.raft = raft;
    this.controllers = new ControllerLoop(store, raft, config.clock(),
        List.of(new ReplicatedOrchestrator(), new RestartSupervisor(), new Updater(), new Scheduler(),
            new TaskReaper()),
        config.controllerDebounce(), config.commitTimeout());
    this.dispatcher = new Dispatcher(store, raft, config.clock(), config.reportInterval(), config.commitTimeout());
    this.controlApi = new ControlApi(store, raft, config.clock(), config.commitTimeout());
    raft.addLeadershipListener(controllers);
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
    if (isInitialized(cfg.dataDir())) {
      throw SwarmException.invalid("this node is already part of a swarm (" + cfg.raftDir() + " exists)");
    }
    String clusterId = Identity.newId();
    Store store = new Store();
    RaftNode raft = start(() -> {
      Files.createDirectories(cfg.raftDir());
      return RaftNode.bootstrap(cfg.raftSettings(), cfg.nodeId(), clusterId, store);
    });
    try {
      awaitLeader(raft);
      Instant now = cfg.clock().instant();
      Cluster cluster = new Cluster(clusterId, null, now, now, new Cluster.Spec(null, null,
          new Cluster.Raft(cfg.snapshotInterval())));
      Node self = new Node(cfg.nodeId(), null, now, now,
          new Node.Spec(Node.Role.MANAGER, Node.Availability.ACTIVE, null),
          new Node.Description(cfg.hostname(), null, null),
          new Node.Status(Node.State.READY, null, cfg.advertiseAddress()),
          new Node.ManagerStatus(true, "reachable", raft.address()));
      ApplyResult r = raft.commit(CommandBatch.of(new StoreCommand.PutCluster(cluster, 0),
          new StoreCommand.PutNode(self, 0)), cfg.commitTimeout());
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
      awaitLeader(raft);
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

  /** Single host: this node is the whole group, so it must become leader (multi-manager: any leader will do). */
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

  public ControlApi controlApi() {
    return controlApi;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public Store store() {
    return store;
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
    dispatcher.close();
    raft.close();
  }
}
