package swarm.manager.dispatcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.raft.Proposer;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.core.concurrent.DaemonThreads;

/**
 * The manager side of worker sessions; every manager runs one, leader or not (writes go through its {@link
 * Proposer}, which reaches the leader). {@link #open} serves the in-process worker of a single host;
 * {@link DispatcherEndpoint} serves remote workers over WebSocket. Opening a session registers the node (READY,
 * description updated, role and availability kept, the session's manager named in the status message: see {@link
 * SessionOwner}) and streams the node's full assignment set at once and after every change to it. Status reports are
 * batched into the log.
 *
 * <p>Liveness stays in memory ({@link SessionTable}): a heartbeat never writes to the log, except to set a node
 * READY again after it was marked otherwise. A remote session silent for {@link HeartbeatPolicy#grace()} expires;
 * when a session ends (a clean leave, a dropped connection or expiry) its node is written DISCONNECTED, unless it
 * already reconnected elsewhere. Marking nodes DOWN is the leader's {@link NodeHealthMonitor}'s job.
 *
 * <p>Thread-safe: pushes, report batches, sweeps and liveness writes run on one dispatcher thread; {@link #open}
 * blocks its caller until the registration is committed.
 */
public final class Dispatcher implements DispatcherClient, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int REGISTER_ATTEMPTS = 5;
  static final String DISCONNECTED_MESSAGE = "session closed; waiting for the node to reconnect";

  private final Store store;
  private final Proposer proposer;
  private final Clock clock;
  private final Duration commitTimeout;
  private final String managerId;
  private final HeartbeatPolicy policy;
  private final ScheduledExecutorService thread;
  private NetworkViews views; // guarded by this
  private long viewsIndex = -1; // guarded by this
  private final StatusBatcher batcher;
  private final SessionTable sessions = new SessionTable();
  private final Set<String> livenessWrites = ConcurrentHashMap.newKeySet();

  /** A dispatcher that does not know its manager's id, with the default heartbeat policy (single host). */
  public Dispatcher(Store store, Proposer proposer, Clock clock, Duration reportInterval, Duration commitTimeout) {
    this(store, proposer, clock, reportInterval, commitTimeout, null, HeartbeatPolicy.DEFAULT);
  }

  /**
   * @param managerId this manager's node id, named as the owner of the sessions it serves
   * @param policy    heartbeat period and grace
   */
  public Dispatcher(Store store, Proposer proposer, Clock clock, Duration reportInterval, Duration commitTimeout,
                    String managerId, HeartbeatPolicy policy) {
    this(store, proposer, clock, reportInterval, commitTimeout, managerId, policy, true);
  }

  /** {@code autoSweep} false: sessions expire only when {@link #sweep} is called (tests with a frozen clock). */
  Dispatcher(Store store, Proposer proposer, Clock clock, Duration reportInterval, Duration commitTimeout,
             String managerId, HeartbeatPolicy policy, boolean autoSweep) {
    this.store = store;
    this.proposer = proposer;
    this.clock = clock;
    this.commitTimeout = commitTimeout;
    this.managerId = managerId;
    this.policy = policy;
    this.thread = DaemonThreads.scheduler("dispatcher");
    this.batcher = new StatusBatcher(proposer, thread, reportInterval);
    if (autoSweep) {
      long every = Math.max(1, policy.checkInterval().toMillis());
      thread.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** An in-process session: it counts as alive while open, so it never heartbeats. */
  @Override
  public Session open(String nodeId, Node.Description description, Consumer<Assignments> assignments) {
    return open(nodeId, description, assignments, null);
  }

  /** An in-process session whose log requests go straight to {@code logs}. */
  @Override
  public Session open(String nodeId, Node.Description description, Consumer<Assignments> assignments,
                      LogSource logs) {
    return openSession(nodeId, description, null, assignments, true, () -> { }, logs);
  }

  /**
   * A remote session: blocks until the node's registration is committed. {@code onExpired} runs when its heartbeats
   * stop (the transport then closes its connection).
   *
   * @param addr the node's address as this manager sees it; kept only if the node has none yet
   * @throws SwarmException UNAVAILABLE if the registration cannot be committed
   */
  NodeSession openRemote(String nodeId, Node.Description description, String addr, Consumer<Assignments> assignments,
                         Runnable onExpired) {
    return openRemote(nodeId, description, addr, assignments, onExpired, null);
  }

  /** As above; log requests for the node go to {@code logs} (the connection, which relays them). */
  NodeSession openRemote(String nodeId, Node.Description description, String addr, Consumer<Assignments> assignments,
                         Runnable onExpired, LogSource logs) {
    return openSession(nodeId, description, addr, assignments, false, onExpired, logs);
  }

  private NodeSession openSession(String nodeId, Node.Description description, String addr,
                                  Consumer<Assignments> assignments, boolean implicit, Runnable onExpired,
                                  LogSource logs) {
    register(nodeId, description, addr);
    NodeSession session = new NodeSession(this, nodeId, assignments, implicit, onExpired, logs);
    // A node has one session per manager: a reconnect replaces the one whose connection was not yet noticed dead.
    sessions.opened(session, clock.instant()).ifPresent(NodeSession::close);
    return session;
  }

  /**
   * Ends the node's session on this manager, as for a clean leave. The node is not marked DOWN at once: it goes
   * DISCONNECTED, and DOWN a grace period after its last heartbeat unless it reconnects.
   */
  public void closeSession(String nodeId) {
    sessions.get(nodeId).filter(SessionTable.Entry::open).ifPresent(e -> e.session().close());
  }

  /** Whether the node has an open session on this manager. */
  public boolean hasSession(String nodeId) {
    return sessions.isOpen(nodeId);
  }

  /**
   * Asks the node, through its open session on this manager, for the logs {@code request} names; empty when this
   * manager holds no session of the node able to answer ({@link #whyNoLogs} says why).
   */
  public Optional<AutoCloseable> requestLogs(String nodeId, LogRequest request, LogSource.LogSink sink) {
    return sessions.get(nodeId).filter(SessionTable.Entry::open).map(SessionTable.Entry::session)
        .filter(s -> !s.isClosed()).flatMap(NodeSession::logs).map(source -> source.serve(request, sink));
  }

  /**
   * Why {@link #requestLogs} cannot reach the node, for a person. Logs are not forwarded between managers: a node
   * whose session another manager holds is answered with that manager's id (a known limit).
   */
  public String whyNoLogs(String nodeId) {
    Node node = store.current().nodes().get(nodeId);
    if (node == null) {
      return "node is no longer in the swarm";
    }
    Optional<String> owner = SessionOwner.of(node);
    if (owner.isPresent() && !owner.get().equals(managerId)) {
      return "its session is on manager " + owner.get() + " and managers do not forward logs: run the command there";
    }
    if (sessions.isOpen(nodeId)) {
      return "node does not serve logs";
    }
    Node.State state = node.status() == null ? Node.State.UNKNOWN : node.status().state();
    return state == Node.State.READY ? "node has no session on this manager"
        : "node is " + state.name().toLowerCase(java.util.Locale.ROOT);
  }

  public HeartbeatPolicy policy() {
    // `swarm update --dispatcher-heartbeat` wins over the period this manager started with, live.
    Cluster c = store.current().cluster();
    if (c != null && c.spec().dispatcher().heartbeatPeriod() != Cluster.DEFAULT_HEARTBEAT_PERIOD.toNanos()) {
      Duration set = Duration.ofNanos(c.spec().dispatcher().heartbeatPeriod());
      if (!set.equals(policy.period())) {
        return HeartbeatPolicy.of(set);
      }
    }
    return policy;
  }

  /** This manager's node id; null if it was not given. */
  public String managerId() {
    return managerId;
  }

  /** Creates or refreshes the node object; retried when a concurrent write moved its version. */
  private void register(String nodeId, Node.Description description, String addr) {
    Cluster cluster = store.current().cluster();
    if (cluster != null && cluster.isRemoved(nodeId)) {
      // Its certificate may still be valid for a while: the removal, not the certificate, decides.
      throw SwarmException.invalid("node " + nodeId + " was removed from the swarm: it must join again with a token");
    }
    String conflict = null;
    for (int attempt = 0; attempt < REGISTER_ATTEMPTS; attempt++) {
      ClusterState state = store.current();
      Node old = state.nodes().get(nodeId);
      Instant now = clock.instant();
      String oldAddr = old != null && old.status() != null ? old.status().addr() : null;
      Node.Status ready = new Node.Status(Node.State.READY, SessionOwner.message(managerId),
          oldAddr != null ? oldAddr : addr);
      Node node = old == null
          ? new Node(nodeId, null, now, now, new Node.Spec(Node.Role.WORKER, Node.Availability.ACTIVE, null),
              description, ready, null)
          : new Node(nodeId, old.version(), old.createdAt(), now, old.spec(), description, ready, old.managerStatus());
      ApplyResult result = proposer.commit(CommandBatch.of(
          new StoreCommand.PutNode(node, old == null ? 0 : old.version().index())), commitTimeout);
      if (result.isOk()) {
        return;
      }
      conflict = result.conflict();
    }
    throw SwarmException.unavailable("cannot register node " + nodeId + ": " + conflict);
  }

  Duration heartbeat(NodeSession session) {
    sessions.heartbeat(session, clock.instant());
    execute(() -> ensureReady(session.nodeId()));
    return policy().jitteredPeriod();
  }

  void sessionClosed(NodeSession session) {
    if (sessions.closed(session, clock.instant())) {
      execute(() -> markDisconnected(session.nodeId()));
    }
  }

  /** A live node not shown READY with its session here (the leader marked it DOWN meanwhile): say it is back. */
  private void ensureReady(String nodeId) {
    if (!sessions.isOpen(nodeId)) {
      return;
    }
    Node node = store.current().nodes().get(nodeId);
    if (node == null || SessionOwner.isHeldBy(node, managerId)) {
      return;
    }
    Node.Status ready = new Node.Status(Node.State.READY, SessionOwner.message(managerId), addrOf(node));
    LOG.info("node {} is alive again (was {})", nodeId, node.status() == null ? "unknown" : node.status().state());
    writeStatus(node, ready);
  }

  /** The session ended: unless the node reconnected meanwhile, stop showing it READY with its session here. */
  private void markDisconnected(String nodeId) {
    if (sessions.isOpen(nodeId)) {
      return;
    }
    Node node = store.current().nodes().get(nodeId);
    if (!SessionOwner.isHeldBy(node, managerId)) {
      return; // reconnected to another manager, or already marked
    }
    writeStatus(node, new Node.Status(Node.State.DISCONNECTED, DISCONNECTED_MESSAGE, addrOf(node)));
  }

  /** Proposes a status based on the version read: a concurrent write (another manager's) wins. One per node. */
  private void writeStatus(Node node, Node.Status status) {
    if (!livenessWrites.add(node.id())) {
      return;
    }
    proposer.submit(CommandBatch.of(new StoreCommand.PutNode(node.withStatus(status, clock.instant()),
        node.version().index()))).whenComplete((r, e) -> {
          livenessWrites.remove(node.id());
          if (e != null) {
            LOG.warn("status {} of node {} not committed: {}", status.state(), node.id(), e.toString());
          }
        });
  }

  /** Expires silent remote sessions, refreshes in-process ones, and drops entries nobody needs any more. */
  void sweep() {
    Instant now = clock.instant();
    for (SessionTable.Entry e : sessions.all()) {
      Duration silent = Duration.between(e.lastHeartbeat(), now);
      if (e.open() && e.session().heartbeatsImplicitly()) {
        ensureReady(e.session().nodeId());
      } else if (e.open() && silent.compareTo(policy().grace()) > 0) {
        e.session().expire();
      } else if (!e.open() && silent.compareTo(policy().grace().multipliedBy(2)) > 0) {
        sessions.forgetClosed(e);
      }
    }
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.error("dispatcher sweep failed", e);
    }
  }

  SessionTable sessions() {
    return sessions;
  }

  Store store() {
    return store;
  }

  StatusBatcher batcher() {
    return batcher;
  }

  Clock clock() {
    return clock;
  }

  void execute(Runnable r) {
    try {
      thread.execute(r);
    } catch (RejectedExecutionException closed) {
      // dispatcher closed: nothing more to push or write
    }
  }

  private static String addrOf(Node node) {
    return node.status() == null ? null : node.status().addr();
  }

  /** The network views of {@code state}, computed once per applied index for every session. */
  synchronized NetworkViews networkViews(ClusterState state) {
    if (views == null || viewsIndex != state.index()) {
      views = NetworkViews.of(state);
      viewsIndex = state.index();
    }
    return views;
  }

  /** Every task placed on the node that is still stored, in a stable order. */
  static List<Task> assignmentsOf(ClusterState state, String nodeId) {
    return state.tasksOfNode(nodeId).stream().filter(t -> t.state().isAtLeast(TaskState.ASSIGNED)).toList();
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
