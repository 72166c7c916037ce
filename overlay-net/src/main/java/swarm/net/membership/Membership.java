package swarm.net.membership;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;

/**
 * This node's membership in the cluster: a Hazelcast member that joins the managers' members over
 * TCP and tells which nodes are alive. A member that vanishes is the fast path to marking its node
 * DOWN; the dispatcher's heartbeats are the slow path and stay authoritative.
 *
 * <p>What callers see is node ids only. Settings are in {@link MemberSettings}; with the defaults a
 * node that closes or whose process dies is gone from the others' view within about a second (its
 * sockets close), and a host that falls silent within {@code maxNoHeartbeat} (5 s) plus up to one
 * heartbeat interval (1 s).
 *
 * <p>Start-up: {@link #start} blocks until the member has joined the managers or, when none
 * answers, formed a cluster of one. Measured on one host: 0.2-1 s to join a manager that answers,
 * about 1 s to start alone when the managers' ports refuse connections. When their addresses
 * silently drop packets (a host down, a firewall), Hazelcast's join rounds (2 s each here) and its
 * 10 s mastership claim bound it; expect up to about 15 s (estimated from Hazelcast's join code, not
 * measured). A daemon that must not wait uses {@link #startAsync}: the object is usable
 * at once (callbacks can be registered, {@link #liveNodeIds()} holds this node only) and fills in
 * when the member is up. A lone member merges into the managers' cluster once they are reachable
 * (checked every {@code mergeInterval}).
 *
 * <p>Thread-safe. Callbacks run on one event thread of this object, in order; keep them short.
 */
public final class Membership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
  /** Node ids whose daemon said it is restarting, kept by the members (see {@link #closeForRestart}). */
  private static final String RESTARTING = "swarm.restarting";
  /** An announcement outlives a restart that never comes back by this much; the heartbeats decide then. */
  private static final long RESTART_ANNOUNCEMENT_TTL_SECONDS = 300;
  /** Bound on the map calls: a member cut off from the others must not hang a daemon's stop. */
  private static final long MAP_CALL_TIMEOUT_MS = 2_000;

  private final MembershipConfig cfg;
  /** Kept after start: Hazelcast reads its tcp-ip member list again at every merge search. */
  private final Config hazelcastConfig;
  private final LiveNodes nodes;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Object lock = new Object();
  private HazelcastInstance member; // guarded by lock
  private boolean closed; // guarded by lock

  private Membership(MembershipConfig cfg) {
    this.cfg = cfg;
    this.hazelcastConfig = MemberSettings.of(cfg);
    this.nodes = new LiveNodes(cfg.nodeId());
  }

  /**
   * Starts this node's member and returns once it has joined (or formed a cluster of one).
   *
   * @throws SwarmException (UNAVAILABLE) when the member cannot start, e.g. the port is taken
   */
  public static Membership start(MembershipConfig cfg) {
    Membership m = new Membership(cfg);
    m.run();
    try {
      m.started.join();
    } catch (RuntimeException e) {
      throw (SwarmException) e.getCause();
    }
    return m;
  }

  /**
   * Starts this node's member in the background and returns at once; {@link #started()} completes
   * when it is up, or exceptionally (with a {@link SwarmException}, also logged) when it cannot
   * start.
   */
  public static Membership startAsync(MembershipConfig cfg) {
    Membership m = new Membership(cfg);
    Thread t = new Thread(m::run, "swarm-membership-start-" + cfg.nodeId());
    t.setDaemon(true);
    t.start();
    m.started.whenComplete((ok, e) -> {
      if (e != null) {
        LOG.error("{}", e.getMessage());
      }
    });
    return m;
  }

  /** Completes when the member is up and its first view of the cluster is taken. */
  public CompletableFuture<Void> started() {
    return started.copy();
  }

  public String nodeId() {
    return cfg.nodeId();
  }

  /** The nodes with a live member, this one included. Before start-up completes: this node only. */
  public Set<String> liveNodeIds() {
    return nodes.ids();
  }

  /**
   * Calls {@code callback} with the id of each node that joins, starting with every node that is
   * live now (other than this one): a consumer registered late misses nothing.
   */
  public void onNodeJoined(Consumer<String> callback) {
    nodes.onJoined(callback);
  }

  /** Calls {@code callback} with the id of each node whose last member leaves or is suspected dead. */
  public void onNodeLeft(Consumer<String> callback) {
    nodes.onLeft(callback);
  }

  /**
   * Replaces the managers' endpoints this member looks for. Hazelcast has no call for this: its
   * join reads the tcp-ip member list of the config it started with, at the initial join and at
   * every split-brain merge search, so the new list is put there. A member already in the managers'
   * cluster is unaffected (it stays connected to every member); a lone member finds the new
   * managers at its next merge search, within {@code mergeInterval}.
   */
  public void updateManagers(List<String> managers) {
    MembershipConfig checked = cfg.withManagers(managers);
    synchronized (lock) {
      MemberSettings.tcpIp(hazelcastConfig).setMembers(MemberSettings.joinMembers(checked, checked.managers()));
    }
  }

  /**
   * Leaves the cluster gracefully: the others see this node leave at once. Idempotent. Called while
   * an asynchronous start is under way, the member is shut down as soon as it is up.
   */
  @Override
  public void close() {
    HazelcastInstance toStop;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toStop = member;
      member = null;
    }
    nodes.close();
    if (toStop != null) {
      toStop.shutdown();
    }
  }

  /**
   * Leaves as {@link #close} does, having first told the other members that this node's daemon is restarting, not
   * going away: its containers keep running and the next daemon adopts them. Managers then leave the node's fate to
   * its heartbeats (see {@link #announcedRestart}) instead of marking it down at once. The announcement ends when the
   * node's next member starts, or after {@value #RESTART_ANNOUNCEMENT_TTL_SECONDS} s.
   */
  public void closeForRestart() {
    HazelcastInstance hz;
    synchronized (lock) {
      hz = closed ? null : member;
    }
    if (hz != null) {
      try {
        hz.<String, Long>getMap(RESTARTING)
            .putAsync(cfg.nodeId(), System.currentTimeMillis(), RESTART_ANNOUNCEMENT_TTL_SECONDS, TimeUnit.SECONDS)
            .toCompletableFuture().get(MAP_CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("membership: could not announce this node's restart ({}); the others may see it as lost",
            rootMessage(e));
      }
    }
    close();
  }

  /**
   * Whether {@code nodeId}'s daemon announced a restart ({@link #closeForRestart}) that has not ended yet. Blocks up to
   * two seconds; call it off Hazelcast's event thread. False when this member cannot tell.
   */
  public boolean announcedRestart(String nodeId) {
    HazelcastInstance hz;
    synchronized (lock) {
      hz = closed ? null : member;
    }
    if (hz == null) {
      return false;
    }
    try {
      return hz.<String, Long>getMap(RESTARTING).getAsync(nodeId).toCompletableFuture()
          .get(MAP_CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS) != null;
    } catch (Exception e) {
      LOG.warn("membership: cannot tell whether node {} is restarting: {}", nodeId, rootMessage(e));
      return false;
    }
  }

  /** Test hook: stops the member the way a killed process does, without saying goodbye. */
  void crash() {
    HazelcastInstance toStop;
    synchronized (lock) {
      closed = true;
      toStop = member;
      member = null;
    }
    nodes.close();
    if (toStop != null) {
      toStop.getLifecycleService().terminate();
    }
  }

  private void run() {
    HazelcastInstance hz;
    try {
      hz = Hazelcast.newHazelcastInstance(hazelcastConfig);
    } catch (RuntimeException e) {
      started.completeExceptionally(unavailable("cannot start the member on " + cfg.endpoint() + ": " + rootMessage(e)));
      return;
    }
    synchronized (lock) {
      if (closed) {
        hz.shutdown();
        started.completeExceptionally(unavailable("closed while starting"));
        return;
      }
      member = hz;
    }
    try {
      hz.getLifecycleService().addLifecycleListener(event -> {
        if (event.getState() == LifecycleState.SHUTTING_DOWN && !isClosed()) {
          LOG.warn("membership: the member on {} is shutting down by itself; other nodes will see this one "
              + "as gone until the daemon restarts", cfg.endpoint());
        }
      });
      hz.getMap(RESTARTING).removeAsync(cfg.nodeId()); // this node is back: a restart it announced has ended
      nodes.watch(() -> hz.getCluster().getMembers());
      // An InitialMembershipListener gets the current view, then every change: nothing falls between.
      hz.getCluster().addMembershipListener(nodes);
      LOG.info("membership: node {} is a member on {} (cluster of {})", cfg.nodeId(), cfg.endpoint(),
          hz.getCluster().getMembers().size());
      started.complete(null);
    } catch (RuntimeException e) {
      // Closed meanwhile, or Hazelcast failed right after start: either way this member is unusable.
      close();
      started.completeExceptionally(unavailable("the member on " + cfg.endpoint() + " stopped while starting: "
          + rootMessage(e)));
    }
  }

  private static SwarmException unavailable(String what) {
    return new SwarmException(SwarmException.Kind.UNAVAILABLE, "membership: " + what);
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
