package swarm.manager.orchestrator.update;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.UpdateConfig;
import swarm.core.units.Durations;
import swarm.manager.orchestrator.restart.RestartSupervisor;

/**
 * How long a task an update started may take to be RUNNING; past that it counts as a failure of the update. Swarm
 * has no such limit ("TODO: Consider adding a timeout here"): an update whose new task never runs (an image that
 * never arrives, no node that fits, a start that hangs) waits forever, and so does a CI job waiting on it.
 *
 * <p>The limit is counted from when the task could start: its creation (start-first), or for a task made at READY
 * (stop-first, or a restart supervisor's replacement, after its restart delay) the moment the slot's old task stopped,
 * at most {@link RestartSupervisor#OLD_TASK_TIMEOUT} after the creation (the restart supervisor starts it then
 * anyway). It is the update's monitor period, plus what the task's health check needs to
 * pass once (its start period, one interval and one timeout: RUNNING comes only after healthy), plus {@link #GRACE}.
 * A spec without a health check of its own may inherit its image's, which only the worker sees: it is allowed
 * Docker's default interval and timeout ({@link #IMAGE_HEALTH_CHECK}).
 *
 * <p>The task that misses it is marked FAILED by the manager with the reason in its error, so {@code service ps}
 * shows it in the ERROR column; from there on it is any failed task: the restart supervisor replaces it (and the
 * worker stops it), the update counts it. Stateless.
 */
final class SlotDeadline {
  /**
   * What every task is allowed on top of its monitor period and health check: pulling its image, waiting for the
   * scheduler and the allocator, creating and starting its container. One minute: the time Swarm gives an old task to
   * stop, and far above what a start takes here when it works (well under a second once the image is local).
   */
  static final Duration GRACE = Duration.ofMinutes(1);
  /** Allowed for a health check the manager cannot see (an image's): Docker's default interval and timeout. */
  static final Duration IMAGE_HEALTH_CHECK = HealthConfig.DEFAULT_INTERVAL.plus(HealthConfig.DEFAULT_TIMEOUT);
  /** The status message of a task that missed its deadline; the error says why. */
  static final String MESSAGE = "update deadline exceeded";

  private SlotDeadline() {}

  /** When {@code t}, a task the update made in {@code slot} (the slot's tasks), must be RUNNING. */
  static Instant of(Task t, List<Task> slot, UpdateConfig config) {
    return startAt(t, slot, config).plus(allowance(t, config));
  }

  /** The FAILED status of {@code t}, which missed its deadline; it keeps what is known of its container. */
  static TaskStatus missed(Task t, List<Task> slot, UpdateConfig config, Instant now) {
    Instant start = startAt(t, slot, config);
    String lastError = t.status().err() == null || t.status().err().isBlank() ? "" : ": " + t.status().err();
    String err = MESSAGE + ": still " + t.state().wire() + " " + Durations.format(Duration.between(start, now))
        + " after it could start (allowed: monitor " + Durations.format(config.monitorDuration())
        + " + health check " + Durations.format(healthCheck(t)) + " + grace " + Durations.format(GRACE) + ")"
        + lastError;
    return new TaskStatus(now, TaskState.FAILED, MESSAGE, err, t.status().containerStatus());
  }

  private static Duration allowance(Task t, UpdateConfig config) {
    return config.monitorDuration().plus(healthCheck(t)).plus(GRACE);
  }

  /** What the task's health check needs to pass once; nothing without one. */
  static Duration healthCheck(Task t) {
    HealthConfig hc = t.spec().containerSpec().healthcheck();
    if (hc == null) {
      return IMAGE_HEALTH_CHECK;
    }
    if (hc.disabled()) {
      return Duration.ZERO;
    }
    return hc.startPeriodOrDefault().plus(hc.intervalOrDefault()).plus(hc.timeoutOrDefault());
  }

  /**
   * When {@code t} could start. A task made at READY (stop-first, and every restart supervisor's replacement) is
   * held until the slot's older tasks stopped (the latest report of one), or {@link RestartSupervisor#OLD_TASK_TIMEOUT}
   * after its creation while one may still run; a replacement also waits for its restart delay.
   */
  static Instant startAt(Task t, List<Task> slot, UpdateConfig config) {
    Instant created = t.createdAt();
    boolean replacement = !t.restarts().isEmpty();
    if (config.order() == UpdateConfig.Order.START_FIRST && !replacement) {
      return created;
    }
    Instant delayed = created;
    if (replacement) {
      Instant due = t.restarts().get(t.restarts().size() - 1).plus(t.spec().restartPolicy().delayDuration());
      delayed = due.isAfter(created) ? due : created;
    }
    Instant stopped = olderTasksStopped(t, slot);
    return stopped.isAfter(delayed) ? stopped : delayed;
  }

  private static Instant olderTasksStopped(Task t, List<Task> slot) {
    Instant created = t.createdAt();
    Instant latest = created;
    Instant cap = created.plus(RestartSupervisor.OLD_TASK_TIMEOUT);
    for (Task o : slot) {
      if (o.id().equals(t.id()) || o.createdAt().isAfter(created)) {
        continue;
      }
      if (!o.state().isTerminal()) {
        if (o.state().isAtLeast(TaskState.ASSIGNED)) {
          return cap; // may still run: the restart supervisor holds the new task until it stops, or the timeout
        }
        continue; // never placed: nothing to wait for
      }
      Instant at = o.status().timestamp();
      if (at != null && at.isAfter(latest)) {
        latest = at;
      }
    }
    return latest.isAfter(cap) ? cap : latest;
  }
}
