package swarm.manager.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * one log entry, or, for a big pass, as few entries of up to {@link #MAX_ENTRY_BYTES} as it takes,
 * several in flight at once and applied in order. Passes run on leadership gain (full reconcile), after
 * store changes (debounced, so a burst of commits costs one pass), and when a controller's deadline
 * comes (restart delays). A refused entry just means another pass on fresh state.
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
  private final int maxEntryBytes;
  private final ScheduledExecutorService thread;

  // Confined to the loop thread.
  private Watch watch;
  private ScheduledFuture<?> nextPass;
  private Instant nextPassAt;
  private long generation; // bumps on every start/stop so stale scheduled passes do nothing
  private volatile boolean active; // written on the loop thread only; read by anyone

  public ControllerLoop(Store store, Proposer proposer, Clock clock, List<Controller> controllers, Duration debounce,
                        Duration commitTimeout) {
    this(store, proposer, clock, controllers, debounce, commitTimeout, MAX_ENTRY_BYTES);
  }

  /** With a smaller entry size, for tests of how a pass is split. */
  ControllerLoop(Store store, Proposer proposer, Clock clock, List<Controller> controllers, Duration debounce,
                 Duration commitTimeout, int maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
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

  /**
   * The most JSON one entry of a pass holds (about 270 new tasks, or 2,500 assignments). Ratis cannot commit an
   * entry over its appender's 4 MiB buffer; bigger entries also make each request slower, and a request that outlives
   * the Raft client's 1 s attempt timeout ({@code RatisConfig.CLIENT_ATTEMPT_TIMEOUT}) is sent again, and again. With
   * 1 MiB entries, on a machine whose two cores a CPU hog kept busy, a 1,000-task entry never made it inside 1 s:
   * resent for 10 s, it held up every write behind it (a {@code service rm} failed). A quarter of that commits in a
   * few hundred milliseconds there.
   */
  static final int MAX_ENTRY_BYTES = 256 << 10;
  /**
   * Entries of one pass in flight at once: Ratis's ordered client applies them in submission order, and the next
   * entry travels while the previous one is applied, instead of one commit round trip after another. Two keep each
   * request at a few hundred milliseconds here (see {@link #MAX_ENTRY_BYTES}).
   */
  static final int MAX_IN_FLIGHT = 2;

  private void pass(long g) {
    if (g != generation) {
      return;
    }
    nextPass = null;
    long started = System.nanoTime();
    ClusterState state = store.current();
    Instant now = clock.instant();
    List<StoreCommand> commands = new ArrayList<>();
    ClusterState tentative = state;
    StringBuilder timings = LOG.isDebugEnabled() ? new StringBuilder() : null;
    for (Controller c : controllers) {
      List<StoreCommand> proposed;
      long t0 = System.nanoTime();
      try {
        proposed = c.reconcile(tentative, now);
        if (timings != null) {
          timings.append(timings.length() == 0 ? "" : ", ").append(c.getClass().getSimpleName()).append(' ')
              .append((System.nanoTime() - t0) / 1_000_000).append(" ms");
        }
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
    if (commands.isEmpty()) {
      scheduleDeadline(g, tentative, now);
      return;
    }
    long computed = System.nanoTime();
    // A pass can hold many thousands of commands (100 services created at once); it goes out as several entries,
    // in order. Each was checked against the state the earlier ones leave.
    Entries entries = new Entries(commands, maxEntryBytes);
    Committed committed = commitInOrder(entries);
    if (timings != null) {
      LOG.debug("pass on index {}: {} commands in {} entries, computed in {} ms ({}), committed in {} ms: {}",
          state.index(), commands.size(), committed.entries, (computed - started) / 1_000_000, timings,
          (System.nanoTime() - computed) / 1_000_000, committed.outcome);
    }
    switch (committed.outcome) {
      case ALL -> scheduleDeadline(g, tentative, now);
      // A concurrent write moved the state: the next pass looks again (level-triggered).
      case REFUSED -> schedule(g, debounce);
      case FAILED -> schedule(g, RETRY_AFTER_FAILURE);
    }
  }

  /** How a pass's entries fared: all applied, one refused by the log (a conflict), or one not committed in time. */
  private enum Outcome { ALL, REFUSED, FAILED }

  private record Committed(Outcome outcome, int entries) {}

  /**
   * Submits the entries in order, up to {@link #MAX_IN_FLIGHT} at once, and waits for each verdict in order. After a
   * refusal or a failure no further entry is submitted, but those already in flight are waited for (they may still
   * apply), so the next pass starts from a state that includes whatever of this pass landed. An entry applied after
   * a refused one is still checked command by command against the state it meets; the controllers' commands are
   * all creations, checked against what exists, or monotonic (desired state, status and assignment only move
   * forward), so the result is a state the next pass simply converges from, as after any concurrent write.
   */
  private Committed commitInOrder(Entries entries) {
    Deque<CompletableFuture<ApplyResult>> inFlight = new ArrayDeque<>();
    Deque<Integer> sizes = new ArrayDeque<>();
    Outcome outcome = Outcome.ALL;
    int submitted = 0;
    while (true) {
      while (outcome == Outcome.ALL && entries.hasNext() && inFlight.size() < MAX_IN_FLIGHT) {
        List<StoreCommand> entry = entries.next();
        inFlight.add(submit(entry));
        sizes.add(entry.size());
        submitted++;
      }
      if (inFlight.isEmpty()) {
        return new Committed(outcome, submitted);
      }
      int size = sizes.poll();
      try {
        ApplyResult result = inFlight.poll().get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!result.isOk()) {
          LOG.debug("controller batch refused ({}); looking again", result.conflict());
          outcome = outcome == Outcome.ALL ? Outcome.REFUSED : outcome;
        }
      } catch (TimeoutException e) {
        LOG.warn("controller batch of {} commands not committed in {} ms; retrying", size, commitTimeout.toMillis());
        outcome = Outcome.FAILED;
      } catch (ExecutionException e) {
        LOG.warn("controller batch of {} commands not committed: {}; retrying", size, e.getCause().getMessage());
        outcome = Outcome.FAILED;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Committed(Outcome.FAILED, submitted);
      }
    }
  }

  private CompletableFuture<ApplyResult> submit(List<StoreCommand> entry) {
    try {
      return proposer.submit(new CommandBatch(entry));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
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
