package swarm.manager.role;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.manager.raft.LeadershipListener;
import swarm.manager.raft.Proposer;
import swarm.manager.state.Store;
import swarm.manager.state.Watch;
import swarm.core.concurrent.DaemonThreads;

/**
 * Leader-only: carries out {@link RolePlan}s, so the managers' Raft group follows the roles users set with
 * {@code node promote/demote/update --role} (swarmkit's role manager). A pass runs on leadership gain, after store
 * changes (debounced) and every {@code interval} (Raft reachability is not a store event). A demoted leader hands
 * its leadership over first; the next leader's role manager then removes it.
 *
 * <p>Threading: passes run on the manager's own single thread, one at a time, so a Raft change is awaited before
 * the next plan is computed; the store listener and leadership callbacks only schedule passes.
 */
public final class RoleManager implements LeadershipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoleManager.class);
  /** How long one Raft change may take (Manager's admin wait). */
  static final Duration CHANGE_WAIT = Duration.ofSeconds(60);
  private static final Duration TRANSFER_WAIT = Duration.ofSeconds(30);

  private final Store store;
  private final RaftGroup raft;
  private final Proposer proposer;
  private final Clock clock;
  private final Duration interval;
  private final Duration commitTimeout;
  private final ScheduledExecutorService thread;

  // Role-manager thread only.
  private Watch watch;
  private ScheduledFuture<?> periodic;
  private boolean passQueued;
  private final Set<String> reported = new HashSet<>();
  private volatile List<String> promotions = List.of();

  public RoleManager(Store store, RaftGroup raft, Proposer proposer, Clock clock, Duration interval,
                     Duration commitTimeout) {
    this.store = store;
    this.raft = raft;
    this.proposer = proposer;
    this.clock = clock;
    this.interval = interval;
    this.commitTimeout = commitTimeout;
    this.thread = DaemonThreads.scheduler("role-manager");
  }

  @Override
  public void onLeaderReady() {
    run(() -> {
      if (periodic != null) {
        return;
      }
      reported.clear();
      watch = store.viewAndWatch((state, changes) -> run(this::queuePass));
      periodic = thread.scheduleWithFixedDelay(this::passSafely, 0, Math.max(1, interval.toMillis()),
          TimeUnit.MILLISECONDS);
      LOG.info("leader: role manager started");
    });
  }

  @Override
  public void onLeadershipLost() {
    run(this::stop);
  }

  private void stop() {
    if (periodic == null) {
      return;
    }
    periodic.cancel(false);
    periodic = null;
    watch.close();
    watch = null;
    promotions = List.of();
    LOG.info("not leader: role manager stopped");
  }

  /** Ids of nodes promoted to manager that have not joined the Raft group yet (as of the last pass). */
  public List<String> pendingPromotions() {
    return promotions;
  }

  /** One pass now, on the role manager's thread (tests). */
  void passNow() {
    try {
      thread.submit(this::pass).get(CHANGE_WAIT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("role manager pass failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("role manager pass timed out", e);
    }
  }

  /** Coalesces a burst of store changes into one pass shortly after. */
  private void queuePass() {
    if (passQueued || periodic == null) {
      return;
    }
    passQueued = true;
    thread.schedule(() -> {
      passQueued = false;
      passSafely();
    }, 50, TimeUnit.MILLISECONDS);
  }

  private void passSafely() {
    if (periodic == null) {
      return;
    }
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warn("role manager pass failed: {}; looking again in {} ms", e.getMessage(), interval.toMillis());
    }
  }

  private void pass() {
    RolePlan plan = RolePlan.of(store.current(), raft.peers(), raft.selfId(), clock.instant());
    promotions = plan.promotions();
    for (String id : plan.promotions()) {
      if (reported.add("promote:" + id)) {
        LOG.info("node {} is promoted to manager: waiting for it to start a Raft member and join", id);
      }
    }
    for (String line : plan.waiting()) {
      if (reported.add(line)) {
        LOG.warn(line);
      }
    }
    if (!plan.storeCommands().isEmpty()) {
      ApplyResult r = proposer.commit(new CommandBatch(plan.storeCommands()), commitTimeout);
      if (!r.isOk()) {
        LOG.debug("role manager write refused ({}); looking again", r.conflict());
      }
    }
    plan.raftChange().ifPresent(this::apply);
  }

  private void apply(RolePlan.RaftChange change) {
    if (change instanceof RolePlan.TransferLeadership t) {
      LOG.info("this leader ({}) is demoted: handing leadership to {} first", t.demoted(), t.nodeId());
      await(raft.transferLeadership(t.nodeId(), TRANSFER_WAIT), TRANSFER_WAIT.plusSeconds(5));
    } else if (change instanceof RolePlan.RemoveMember m) {
      LOG.info("node {} is demoted: removing it from the managers' Raft group", m.nodeId());
      await(raft.removePeer(m.nodeId()), CHANGE_WAIT);
      reported.removeIf(line -> line.contains(m.nodeId()));
    }
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> f, Duration timeout) {
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void run(Runnable r) {
    try {
      thread.execute(r);
    } catch (RejectedExecutionException closed) {
      // closed: a leadership edge after close changes nothing
    }
  }

  @Override
  public void close() {
    run(this::stop);
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
