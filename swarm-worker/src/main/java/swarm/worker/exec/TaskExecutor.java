package swarm.worker.exec;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.worker.health.ExecProbe;
import swarm.worker.health.HealthChecker;

/**
 * Drives one task through the worker's states, like swarmkit's {@code exec.Do}: each pass looks at
 * the task's desired state and the state reached so far, takes one idempotent step and reports
 * the new state. ASSIGNED → ACCEPTED → PREPARING → READY → (desired RUNNING) STARTING → RUNNING →
 * COMPLETE | FAILED; a failure before STARTING → REJECTED; desired SHUTDOWN or REMOVE → stop →
 * SHUTDOWN, and REMOVE (or a task no longer assigned) also removes the container.
 *
 * <p>Health checks follow Swarm ({@code SWARM-REFERENCE §2.5}): a task whose container has a
 * health check stays STARTING (health {@code starting}) until the first healthy probe, and only
 * then reports RUNNING; an unhealthy verdict, at start or later, stops the container and fails
 * the task with {@link #UNHEALTHY} so the manager's restart policy takes over. One
 * {@link HealthChecker} per started task, stopped with it. In between, a change of the verdict
 * (status or failing streak) is reported as the same state again, stamped when that state was
 * reached, with the last probes along; a probe that changes only the log is not reported, so a
 * steady check costs the manager no writes.
 *
 * <p>Because every step is idempotent against the {@link Containers}, an executor created after a
 * daemon restart for a task whose container still runs adopts it instead of starting another.
 *
 * <p>Threading: {@link #update} and {@link #orphan} may be called from any thread; the steps run
 * on the given blocking executor, never two at once for one task.
 */
public final class TaskExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);
  /** The task error when its container's health check gave up on it. */
  public static final String UNHEALTHY = "task: container is unhealthy";
  /** How long a running task on networks keeps serving after it was told to stop (see {@link #drain}). */
  static final java.time.Duration LOAD_BALANCER_DRAIN = java.time.Duration.ofSeconds(1);

  private final String id;
  private final Containers containers;
  private final Consumer<TaskStatusReport> reporter;
  private final Executor blocking;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<Void> gone = new CompletableFuture<>();

  private volatile Task task;
  private volatile boolean orphaned;
  private volatile TaskState state;
  private volatile Long pid;
  private CompletableFuture<ExitStatus> exit;
  private boolean released;
  private boolean scheduled;
  private boolean dirty;
  private boolean healthResolved;
  private HealthConfig healthcheck;
  private volatile HealthChecker checker;
  private TaskStatus reported; // the last status reported, or the manager's before the first step

  /** Health checks are timed on the node's shared timer. */
  public TaskExecutor(Task task, Containers containers, Consumer<TaskStatusReport> reporter, Executor blocking,
                      Clock clock) {
    this(task, containers, reporter, blocking, clock, HealthChecker.sharedScheduler());
  }

  /** @param timer times health probes (which themselves run on {@code blocking}) */
  public TaskExecutor(Task task, Containers containers, Consumer<TaskStatusReport> reporter, Executor blocking,
                      Clock clock, ScheduledExecutorService timer) {
    this.id = task.id();
    this.task = task;
    this.state = task.status().state();
    this.reported = task.status();
    this.containers = containers;
    this.reporter = reporter;
    this.blocking = blocking;
    this.clock = clock;
    this.timer = timer;
  }

  public String id() {
    return id;
  }

  /** The state this executor reached (or the manager's last word, before its first step). */
  public TaskState state() {
    return state;
  }

  /** The container's init pid once started. */
  public OptionalLong pid() {
    Long p = pid;
    return p == null ? OptionalLong.empty() : OptionalLong.of(p);
  }

  /** Completes once the container is removed and nothing more will happen for this task. */
  public CompletableFuture<Void> gone() {
    return gone;
  }

  /** The container's health while a health check runs; empty without one. */
  public java.util.Optional<Health> health() {
    HealthChecker c = checker;
    return c == null ? java.util.Optional.empty() : java.util.Optional.of(c.health());
  }

  /** A new version of the task from the manager (its desired state may have changed). */
  public void update(Task latest) {
    task = latest;
    poke();
  }

  /** The task is no longer assigned to this node: stop and remove its container. */
  public void orphan() {
    orphaned = true;
    poke();
  }

  /** Runs the step loop soon; coalesces calls that arrive while it runs. */
  public void poke() {
    synchronized (this) {
      if (scheduled) {
        dirty = true;
        return;
      }
      scheduled = true;
    }
    blocking.execute(this::run);
  }

  private void run() {
    while (true) {
      synchronized (this) {
        dirty = false;
      }
      try {
        drive();
      } catch (RuntimeException e) {
        LOG.warn("task {}: {}", id, e.getMessage(), e);
      }
      synchronized (this) {
        if (!dirty) {
          scheduled = false;
          return;
        }
      }
    }
  }

  private void drive() {
    while (!gone.isDone()) {
      Task t = task;
      if (orphaned || t.desiredState().isAtLeast(TaskState.SHUTDOWN)) {
        shutdown(t);
        return;
      }
      if (!step(t)) {
        return;
      }
    }
  }

  /** Takes the next step towards running; false when there is nothing to do until an event. */
  private boolean step(Task t) {
    switch (state) {
      case NEW, PENDING, ASSIGNED -> report(TaskState.ACCEPTED, "accepted", null, null);
      case ACCEPTED -> report(TaskState.PREPARING, "preparing", null, null);
      case PREPARING -> {
        try {
          containers.prepare(t);
        } catch (RuntimeException e) {
          report(TaskState.REJECTED, "preparing", message(e), status(null));
          return false;
        }
        report(TaskState.READY, "prepared", null, null);
      }
      case READY -> {
        if (t.desiredState() != TaskState.RUNNING) {
          return false; // desired READY: prepared, waiting to be told to start
        }
        report(TaskState.STARTING, "starting", null,
            healthcheck(t) == null ? null : new ContainerStatus(id, null, null, Health.starting()));
      }
      case STARTING -> {
        try {
          containers.prepare(t); // no-op unless a restart lost the bundle before it ran
          pid = containers.start(id);
        } catch (RuntimeException e) {
          report(TaskState.FAILED, "starting", message(e), status(null));
          releaseQuietly();
          return false;
        }
        if (healthcheck(t) == null) {
          report(TaskState.RUNNING, "started", null, status(null));
        } else {
          return watch(t); // RUNNING once healthy
        }
      }
      case RUNNING -> {
        return watch(t);
      }
      default -> {
        releaseOnce(); // terminal: an adopted, finished container still holds runtime resources
        return false;
      }
    }
    return true;
  }

  /**
   * Watches a started container: its exit ends the task; with a health check, the first healthy
   * verdict turns STARTING into RUNNING and an unhealthy one fails the task.
   */
  private boolean watch(Task t) {
    if (!watchExit()) {
      return false;
    }
    HealthConfig hc = healthcheck(t);
    if (hc == null) {
      return false;
    }
    if (checker == null) { // just started, or adopted after a daemon restart: health starts over
      checker = new HealthChecker(id, hc, new ExecProbe(containers, id, hc, clock), clock, timer, blocking,
          h -> poke()).start();
    }
    Health h = checker.health();
    if (h.status() == HealthStatus.UNHEALTHY) {
      stopChecker();
      // Said before the stop (which takes up to the grace period): the managers take the task out of every VIP and
      // the routing mesh at once, as Swarm leaves the load balancer before it stops a container.
      reportVerdict(h);
      ContainerSpec spec = t.spec().containerSpec();
      try {
        containers.stop(id, spec.stopSignal(), spec.stopGrace());
      } catch (RuntimeException e) {
        LOG.warn("task {}: cannot stop its unhealthy container: {}", id, message(e));
      }
      releaseQuietly();
      report(TaskState.FAILED, "started", UNHEALTHY, status(exitCodeIfKnown(), h));
      return false;
    }
    if (state == TaskState.STARTING && h.status() == HealthStatus.HEALTHY) {
      report(TaskState.RUNNING, "started", null, status(null, h));
    } else if (!h.log().isEmpty() // a verdict, not a just-adopted checker's blank start
        && !sameVerdict(h, reported.containerStatus() == null ? null : reported.containerStatus().health())) {
      reportVerdict(h);
    }
    return false;
  }

  /** A new health verdict, reported as the state the task is in. */
  private void reportVerdict(Health h) {
    TaskStatus last = reported; // same state: keep when it was reached, or "Running 2 hours ago" would lie
    reported = new TaskStatus(last.timestamp(), state, last.message(), last.err(), status(null, h));
    reporter.accept(new TaskStatusReport(id, reported));
  }

  /** Status and failing streak; the probe log alone changes with every probe and is not worth a report. */
  private static boolean sameVerdict(Health a, Health b) {
    return b != null && a.status() == b.status() && a.failingStreak() == b.failingStreak();
  }

  /** The task's effective health check, resolved once (it needs the image); null without one. */
  private HealthConfig healthcheck(Task t) {
    if (!healthResolved) {
      healthcheck = containers.healthcheck(t).orElse(null);
      healthResolved = true;
    }
    return healthcheck;
  }

  private void stopChecker() {
    HealthChecker c = checker;
    if (c != null) {
      c.stop();
    }
  }

  /** True while the container runs; false once its exit was handled (or it is missing). */
  private boolean watchExit() {
    if (exit == null) {
      OptionalLong started = containers.startedPid(id);
      if (started.isEmpty()) {
        stopChecker();
        report(TaskState.FAILED, "started", "container " + id + " not found on this node", status(null));
        return false;
      }
      pid = started.getAsLong();
      exit = containers.exit(id);
      exit.whenComplete((s, e) -> poke());
    }
    if (!exit.isDone()) {
      return true;
    }
    stopChecker();
    ExitStatus s = exit.join();
    releaseQuietly();
    if (s.succeeded()) {
      report(TaskState.COMPLETE, "finished", null, status(s.exitCode()));
    } else {
      report(TaskState.FAILED, "started", s.message(), status(s.exitCode()));
    }
    return false;
  }

  private void shutdown(Task t) {
    stopChecker();
    if (!state.isTerminal()) {
      if (containers.startedPid(id).isPresent()) {
        if (state == TaskState.RUNNING && t.isOnNetworks()) {
          drain();
        }
        ContainerSpec spec = t.spec().containerSpec();
        containers.stop(id, spec.stopSignal(), spec.stopGrace());
      }
      releaseOnce();
      report(TaskState.SHUTDOWN, "shutdown", null, pid == null ? null : status(exitCodeIfKnown()));
    } else {
      releaseOnce();
    }
    if (orphaned || t.desiredState() == TaskState.REMOVE) {
      containers.remove(id);
      gone.complete(null);
    }
  }

  /**
   * Gives the managers' new views the time to reach every node before the container stops: the task left the VIPs
   * and the routing mesh when it was told to stop, and a connection sent to it meanwhile would find it gone. Swarm
   * waits 2 s for its gossip to converge; the views travel in one push, applied within a few hundred milliseconds.
   */
  private static void drain() {
    try {
      Thread.sleep(LOAD_BALANCER_DRAIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Integer exitCodeIfKnown() {
    CompletableFuture<ExitStatus> e = exit;
    return e != null && e.isDone() ? e.join().exitCode() : null;
  }

  private void releaseOnce() {
    if (!released) {
      containers.release(id);
      released = true;
    }
  }

  private void releaseQuietly() {
    try {
      releaseOnce();
    } catch (RuntimeException e) {
      LOG.warn("task {}: cannot release its container: {}", id, e.getMessage());
    }
  }

  private ContainerStatus status(Integer exitCode) {
    HealthChecker c = checker;
    return status(exitCode, c == null ? null : c.health());
  }

  private ContainerStatus status(Integer exitCode, Health health) {
    return new ContainerStatus(id, pid, exitCode, health);
  }

  private void report(TaskState next, String message, String err, ContainerStatus container) {
    state = next;
    reported = new TaskStatus(clock.instant(), next, message, err, container);
    reporter.accept(new TaskStatusReport(id, reported));
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
