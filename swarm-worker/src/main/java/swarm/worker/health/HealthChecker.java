package swarm.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.object.Health;
import swarm.core.spec.HealthConfig;
import swarm.core.concurrent.DaemonThreads;

/**
 * Runs one container's health check: waits an interval, runs the {@link Probe} (which enforces the
 * timeout), feeds the {@link HealthMonitor}, and tells the listener each new {@link Health}; then
 * waits again, so probes of one container never overlap. Like Docker, while the container is
 * within its start period and not yet healthy it probes at most every {@link #START_INTERVAL}.
 * Stops by itself once unhealthy (the task is over then).
 *
 * <p>Threading: the scheduler only times; probes run on the {@code probes} executor (they block
 * up to the timeout). {@link #health} and {@link #stop} may be called from any thread; the
 * listener is called from the probe thread.
 */
public final class HealthChecker {
  /** Docker's default start interval: how often to probe during the start period. */
  public static final Duration START_INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
  private static final ScheduledExecutorService SHARED = DaemonThreads.scheduler("health-timer");

  private final String id;
  private final HealthConfig config;
  private final Probe probe;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor probes;
  private final Consumer<Health> listener;
  private final HealthMonitor monitor;
  private volatile Health health = Health.starting();
  private volatile boolean stopped;
  private ScheduledFuture<?> next;

  public HealthChecker(String id, HealthConfig config, Probe probe, Clock clock, ScheduledExecutorService scheduler,
                       Executor probes, Consumer<Health> listener) {
    this.id = id;
    this.config = config;
    this.probe = probe;
    this.clock = clock;
    this.scheduler = scheduler;
    this.probes = probes;
    this.listener = listener;
    this.monitor = new HealthMonitor(clock.instant(), config.startPeriodOrDefault(), config.retriesOrDefault());
  }

  /** A timer thread shared by the node's checkers; daemon, never shut down. */
  public static ScheduledExecutorService sharedScheduler() {
    return SHARED;
  }

  public HealthChecker start() {
    scheduleNext();
    return this;
  }

  /** The latest verdict: starting until the first counted result. */
  public Health health() {
    return health;
  }

  public synchronized void stop() {
    stopped = true;
    if (next != null) {
      next.cancel(false);
    }
  }

  private synchronized void scheduleNext() {
    if (stopped) {
      return;
    }
    Duration delay = config.intervalOrDefault();
    if (monitor.inStartPeriod(clock.instant()) && START_INTERVAL.compareTo(delay) < 0) {
      delay = START_INTERVAL;
    }
    try {
      next = scheduler.schedule(this::submitProbe, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      stopped = true; // the node is shutting down
    }
  }

  private void submitProbe() {
    try {
      probes.execute(this::probeOnce);
    } catch (RejectedExecutionException e) {
      stop(); // the node is shutting down
    }
  }

  private void probeOnce() {
    if (stopped) {
      return;
    }
    Health h;
    try {
      h = monitor.record(probe.run());
    } catch (RuntimeException e) {
      LOG.warn("container {}: health probe failed to run: {}", id, e.getMessage());
      var now = clock.instant();
      h = monitor.record(new Health.Result(now, now, -1, String.valueOf(e.getMessage())));
    }
    if (stopped) {
      return;
    }
    health = h;
    try {
      listener.accept(h);
    } catch (RejectedExecutionException e) {
      stop(); // the task's executor is shutting down: nobody is listening any more
      return;
    }
    if (h.status() == swarm.core.object.HealthStatus.UNHEALTHY) {
      stop();
    } else {
      scheduleNext();
    }
  }
}
