package swarm.manager.dispatcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.manager.raft.LeadershipListener;
import swarm.manager.raft.Proposer;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.core.concurrent.DaemonThreads;

/**
 * Leader-only: marks nodes DOWN ("heartbeat failure") when no manager has heard from them for a grace period (3
 * heartbeat periods). The orchestrators then replace a DOWN node's tasks elsewhere, and give its old tasks desired
 * SHUTDOWN, so a node that comes back stops them. Marking READY again is not done here: the dispatcher holding the
 * node's session does it on the next heartbeat.
 *
 * <p>Per node that is not DOWN, in order:
 * <ol>
 *   <li>an open session on this manager: DOWN when its last heartbeat is older than the grace;</li>
 *   <li>READY with its session on another manager ({@link SessionOwner}) that is alive (its node not DOWN, and
 *       {@code managerReachable} says so: the lead wires Raft's follower contact times there): trusted, since that
 *       manager writes DISCONNECTED when the session ends;</li>
 *   <li>a closed session on this manager: DOWN a grace after its last heartbeat;</li>
 *   <li>otherwise (DISCONNECTED, UNKNOWN, or its manager is gone): DOWN a grace after this monitor first noticed;
 *       nodes noticed on the first pass after gaining leadership get twice that (swarmkit's {@code UNKNOWN} grace).</li>
 * </ol>
 * A DOWN write is based on the node version read, so a concurrent READY (the node reconnecting) wins.
 *
 * <p>Threading: checks run on the monitor's own thread while this manager leads; {@link #check} is pure except for
 * the first-noticed times, which only that thread touches.
 */
public final class NodeHealthMonitor implements LeadershipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHealthMonitor.class);
  public static final String HEARTBEAT_FAILURE = "heartbeat failure";
  public static final String LEFT_MEMBERSHIP = "node left the swarm membership";

  private final Store store;
  private final Proposer proposer;
  private final Dispatcher dispatcher;
  private final Clock clock;
  private final Predicate<String> managerReachable;
  private final ScheduledExecutorService thread;

  // Any thread: nodes that left the membership (when), until they are DOWN, are back, or a grace has passed.
  private final Map<String, Instant> leftMembership = new java.util.concurrent.ConcurrentHashMap<>();
  // Monitor thread only.
  private final Map<String, Instant> orphanSince = new HashMap<>();
  private boolean firstPass = true;
  private ScheduledFuture<?> periodic;
  private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

  /**
   * @param managerReachable whether another manager (by node id) is up; {@code id -> true} trusts every manager whose
   *                         node is not DOWN
   */
  public NodeHealthMonitor(Store store, Proposer proposer, Dispatcher dispatcher, Clock clock,
                           Predicate<String> managerReachable) {
    this.store = store;
    this.proposer = proposer;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.managerReachable = managerReachable;
    this.thread = DaemonThreads.scheduler("node-health");
  }

  @Override
  public void onLeaderReady() {
    run(() -> {
      if (periodic != null) {
        return;
      }
      orphanSince.clear();
      firstPass = true;
      long every = Math.max(1, dispatcher.policy().checkInterval().toMillis());
      periodic = thread.scheduleWithFixedDelay(this::checkSafely, 0, every, TimeUnit.MILLISECONDS);
      LOG.info("leader: node health monitor started (heartbeat period {} ms)",
          dispatcher.policy().period().toMillis());
    });
  }

  @Override
  public void onLeadershipLost() {
    run(() -> {
      if (periodic != null) {
        periodic.cancel(false);
        periodic = null;
        LOG.info("not leader: node health monitor stopped");
      }
    });
  }

  /**
   * The fast path (membership, e.g. a Hazelcast member-removed event): the node is marked DOWN at once by the
   * leader, and its tasks are then replaced without waiting for missed heartbeats. Every manager remembers the
   * departure, leader or not, until the node is DOWN, joins the membership again, or a grace has passed: so a
   * manager that becomes leader right after the event, or a pass whose write was still in flight, still acts on it
   * (level-triggered; an event that fell between two leaders used to cost the 3 heartbeat periods).
   */
  public void nodeLeftMembership(String nodeId) {
    leftMembership.put(nodeId, clock.instant());
    run(() -> {
      if (periodic != null) {
        checkSafely();
      }
    });
  }

  /** The node has a member in the membership again: it did not leave (a restarted daemon, or a flap). */
  public void nodeJoinedMembership(String nodeId) {
    leftMembership.remove(nodeId);
  }

  /** One pass now (tests with a frozen clock; the periodic pass does the same). */
  void checkNow() {
    try {
      thread.submit(this::checkAndPropose).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node health check failed", e);
    }
  }

  private void checkSafely() {
    try {
      checkAndPropose();
    } catch (RuntimeException e) {
      LOG.error("node health check failed", e);
    }
  }

  private void checkAndPropose() {
    List<StoreCommand> commands = check(store.current(), clock.instant());
    if (!commands.isEmpty()) {
      propose(commands);
    }
  }

  /** The DOWN writes this state calls for at {@code now}. Monitor thread only (it updates first-noticed times). */
  List<StoreCommand> check(ClusterState state, Instant now) {
    Duration grace = dispatcher.policy().grace();
    List<StoreCommand> commands = new ArrayList<>();
    orphanSince.keySet().retainAll(state.nodes().keySet());
    leftMembership.keySet().retainAll(state.nodes().keySet());
    for (Node node : state.nodes().values()) {
      if (isDown(node)) {
        orphanSince.remove(node.id());
        leftMembership.remove(node.id());
        continue;
      }
      Instant left = leftMembership.get(node.id());
      if (left != null && Duration.between(left, now).compareTo(grace) <= 0) {
        LOG.info("node {} left the membership: marking it down", node.id());
        commands.add(down(node, LEFT_MEMBERSHIP, now));
        continue;
      } else if (left != null) {
        leftMembership.remove(node.id()); // long ago: the heartbeats decide
      }
      Optional<Instant> lastSeen = lastSeen(state, node, now, grace);
      if (lastSeen.isPresent() && Duration.between(lastSeen.get(), now).compareTo(grace) > 0) {
        LOG.info("node {} missed its heartbeats for {} ms: marking it down", node.id(),
            Duration.between(lastSeen.get(), now).toMillis());
        commands.add(down(node, HEARTBEAT_FAILURE, now));
      }
    }
    firstPass = false;
    return commands;
  }

  /** When the node was last known alive; empty when another manager vouches for it. */
  private Optional<Instant> lastSeen(ClusterState state, Node node, Instant now, Duration grace) {
    Optional<SessionTable.Entry> local = dispatcher.sessions().get(node.id());
    if (local.isPresent() && local.get().open()) {
      orphanSince.remove(node.id());
      return Optional.of(local.get().lastSeen(now));
    }
    Optional<String> owner = SessionOwner.of(node);
    if (owner.isPresent() && !owner.get().equals(dispatcher.managerId()) && isAlive(state, owner.get())) {
      orphanSince.remove(node.id());
      return Optional.empty();
    }
    if (local.isPresent()) {
      orphanSince.remove(node.id());
      return Optional.of(local.get().lastHeartbeat());
    }
    return Optional.of(orphanSince.computeIfAbsent(node.id(), id -> firstPass ? now.plus(grace) : now));
  }

  private boolean isAlive(ClusterState state, String managerId) {
    Node manager = state.nodes().get(managerId);
    return manager != null && !isDown(manager) && managerReachable.test(managerId);
  }

  private void propose(List<StoreCommand> commands) {
    if (!inFlight.isDone()) {
      return; // the next pass looks again at fresh state
    }
    inFlight = proposer.submit(new CommandBatch(commands)).whenComplete((r, e) -> {
      if (e != null) {
        LOG.warn("marking {} nodes down not committed: {}", commands.size(), e.toString());
      } else if (!r.isOk()) {
        LOG.debug("node down batch refused ({}); looking again", r.conflict());
      }
    });
  }

  private static StoreCommand down(Node node, String message, Instant now) {
    String addr = node.status() == null ? null : node.status().addr();
    return new StoreCommand.PutNode(node.withStatus(new Node.Status(Node.State.DOWN, message, addr), now),
        node.version().index());
  }

  private static boolean isDown(Node node) {
    return node.status() != null && node.status().state() == Node.State.DOWN;
  }

  private void run(Runnable r) {
    try {
      thread.execute(r);
    } catch (RejectedExecutionException closed) {
      // closed
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
