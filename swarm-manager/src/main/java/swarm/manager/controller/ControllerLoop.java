package swarm.manager.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.manager.raft.LeadershipListener;
import swarm.manager.raft.Proposer;
import swarm.manager.state.ClusterState;
import swarm.manager.state.StateApplier;
import swarm.manager.state.Store;
import swarm.manager.state.Watch;
import swarm.core.concurrent.DaemonThreads;

/**
 * Runs the controllers while this manager leads. A pass reads the store, runs each controller in
 * order on a tentative state that already includes the earlier controllers' commands (so the
 * scheduler places the tasks the orchestrator creates in the same pass), and proposes everything as
 * ONE log entry. Passes run on leadership gain (full reconcile), after store changes (debounced, so
 * a burst of commits costs one pass), and when a controller's deadline comes (restart delays). A
 * refused entry just means another pass on fresh state.
 *
 * <p>Threading: every pass runs on the loop's single thread, so controllers need no locks; the
 * store listener and leadership callbacks only schedule passes.
 */
public final class ControllerLoop implements LeadershipListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMillis(500);

  private final Store store;
  private final Proposer proposer;
  private final Clock clock;
  private final List<Controller> controllers;
  private final Duration debounce;
  private final Duration commitTimeout;
  private final ScheduledExecutorService thread;

  // Confined to the loop thread.
  private Watch watch;
  private ScheduledFuture<?> nextPass;
  private Instant nextPassAt;
  private long generation; // bumps on every start/stop so stale scheduled passes do nothing
  private volatile boolean active; // written on the loop thread only; read by anyone

  public ControllerLoop(Store store, Proposer proposer, Clock clock, List<Controller> controllers, Duration debounce,
                        Duration commitTimeout) {
    this.store = store;
    this.proposer = proposer;
    this.clock = clock;
    this.controllers = List.copyOf(controllers);
    this.debounce = debounce;
    this.commitTimeout = commitTimeout;
    this.thread = DaemonThreads.scheduler("controller-loop");
  }

  @Override
  public void onLeaderReady() {
    onLoop(() -> {
      if (watch != null) {
        return;
      }
      generation++;
      long g = generation;
      watch = store.viewAndWatch((state, changes) -> onLoop(() -> schedule(g, debounce)));
      active = true;
      LOG.info("leader: controllers started");
      schedule(g, Duration.ZERO);
    });
  }

  @Override
  public void onLeadershipLost() {
    onLoop(this::stopWatching);
  }

  private void onLoop(Runnable r) {
    try {
      thread.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // closed: a leadership edge after close changes nothing
    }
  }

  /**
   * Whether the controllers run here now: between a leadership gain and its loss. Leadership edges reach the loop
   * in order on one thread and a stop bumps the generation every scheduled pass checks, so at most one loop per
   * manager runs, and a deposed leader proposes nothing after it heard of its loss (a pass already waiting on its
   * commit may still land: the log refuses it if the state moved, and commands are idempotent otherwise).
   */
  public boolean isActive() {
    return active;
  }

  private void stopWatching() {
    if (watch == null) {
      return;
    }
    generation++;
    active = false;
    watch.close();
    watch = null;
    cancelNext();
    LOG.info("not leader: controllers stopped");
  }

  /** Schedules a pass in {@code delay} unless one is already due sooner. Loop thread only. */
  private void schedule(long g, Duration delay) {
    if (g != generation || thread.isShutdown()) {
      return;
    }
    Instant at = Instant.now().plus(delay);
    if (nextPass != null && !nextPass.isDone() && !nextPassAt.isAfter(at)) {
      return;
    }
    cancelNext();
    nextPassAt = at;
    nextPass = thread.schedule(() -> pass(g), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  private void cancelNext() {
    if (nextPass != null) {
      nextPass.cancel(false);
      nextPass = null;
    }
  }

  /** About 0.5–1 MiB of tasks: well under Ratis's 4 MiB entry limit, large enough to keep commits few. */
  static final int MAX_COMMANDS_PER_ENTRY = 1_000;

  private void pass(long g) {
    if (g != generation) {
      return;
    }
    nextPass = null;
    ClusterState state = store.current();
    Instant now = clock.instant();
    List<StoreCommand> commands = new ArrayList<>();
    ClusterState tentative = state;
    for (Controller c : controllers) {
      List<StoreCommand> proposed;
      try {
        proposed = c.reconcile(tentative, now);
      } catch (RuntimeException e) {
        LOG.error("controller {} failed on state at index {}", c.getClass().getSimpleName(), tentative.index(), e);
        continue;
      }
      if (proposed.isEmpty()) {
        continue;
      }
      StateApplier.Result r = StateApplier.apply(tentative, new CommandBatch(proposed), tentative.index() + 1);
      if (!r.result().isOk()) {
        LOG.warn("controller {} proposed a conflicting change, dropped this pass: {}",
            c.getClass().getSimpleName(), r.result().conflict());
        continue;
      }
      tentative = r.state();
      commands.addAll(proposed);
    }
    // A pass can hold many thousands of commands (100 services created at once); Ratis refuses entries over
    // 4 MiB, so the pass goes out as several entries, in order. Each was checked against the state the earlier
    // ones leave; if one is refused (a concurrent write), the next pass looks again: level-triggered.
    for (int from = 0; from < commands.size(); from += MAX_COMMANDS_PER_ENTRY) {
      List<StoreCommand> entry = commands.subList(from, Math.min(commands.size(), from + MAX_COMMANDS_PER_ENTRY));
      try {
        ApplyResult result = proposer.commit(new CommandBatch(entry), commitTimeout);
        if (!result.isOk()) {
          LOG.debug("controller batch refused ({}); looking again", result.conflict());
          schedule(g, debounce);
          return;
        }
      } catch (SwarmException e) {
        LOG.warn("controller batch of {} commands not committed: {}; retrying", entry.size(), e.getMessage());
        schedule(g, RETRY_AFTER_FAILURE);
        return;
      }
    }
    scheduleDeadline(g, tentative, now);
  }

  private void scheduleDeadline(long g, ClusterState state, Instant now) {
    Optional<Instant> earliest = Optional.empty();
    for (Controller c : controllers) {
      Optional<Instant> d = c.nextDeadline(state, now);
      if (d.isPresent() && (earliest.isEmpty() || d.get().isBefore(earliest.get()))) {
        earliest = d;
      }
    }
    earliest.ifPresent(at -> schedule(g, Duration.between(clock.instant(), at).plusMillis(1)));
  }

  @Override
  public void close() {
    try {
      thread.execute(this::stopWatching);
    } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
      return;
    }
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
