package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import swarm.cli.client.ApiClient;
import swarm.core.object.Task;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.UpdateConfig;
import swarm.core.units.Durations;

/**
 * Waits for an update or rollback the CLI asked for, as docker's {@code --detach=false} does: polls the service and
 * its tasks every 150 ms and shows per-replica progress of the tasks of the service's current spec (docker's
 * {@code _up-to-date} filter: old tasks still run until the updater replaces them), "rolling back update" while the
 * managers roll it back, and, once they all run, "Waiting N seconds to verify that tasks are stable..." for the
 * monitor period, during which the managers' updater watches them before it marks the update completed. How the wait
 * ends is {@link UpdateWatch}'s verdict; it also ends, failed, when the update makes no progress (no more tasks of
 * the spec running than before, no new status) for the {@link ProgressDeadline}.
 * Blocks the calling thread; not thread-safe.
 */
final class UpdateMonitor {
  /** How the wait ended, and the update's status as the managers last wrote it for this request (null if none). */
  record Result(UpdateWatch.Verdict verdict, UpdateStatus status) {}

  private final ApiClient client;
  private final ProgressView view;
  private final Clock clock;

  UpdateMonitor(ApiClient client, ProgressView view, Clock clock) {
    this.client = client;
    this.view = view;
    this.clock = clock;
  }

  /**
   * @param endedBefore tasks that had ended before the request: their failures are not this request's
   * @param progressDeadline how long the update may show no progress beyond its own delay and monitor period
   */
  Result await(String serviceId, UpdateWatch watch, Set<String> endedBefore, ProgressDeadline progressDeadline) {
    Convergence convergence = null;
    long wanted = -1;
    Instant convergedAt = null;
    long mostRunning = 0;
    while (true) {
      Instant now = clock.instant();
      JsonNode service = ConvergenceMonitor.service(client, serviceId);
      JsonNode specJson = service.path("Spec");
      ServiceSpec spec = TaskQueries.convert(specJson, ServiceSpec.class);
      UpdateStatus status = status(service);
      UpdateStatus fresh = watch.fresh(status);
      boolean rollingBack = watch.rollingBack(status);
      Set<String> eligible = ConvergenceMonitor.eligibleNodes(client, specJson);
      long replicas = ConvergenceMonitor.replicas(specJson, eligible);
      if (convergence == null || replicas != wanted) {
        convergence = ConvergenceMonitor.convergence(specJson, replicas, endedBefore);
        wanted = replicas;
      }
      List<Task> all = ConvergenceMonitor.onNodes(TaskQueries.tasksOf(client, serviceId, List.of()), eligible);
      List<Task> current = all.stream().filter(t -> spec.taskTemplate().equals(t.spec())
          && spec.endpointSpec().equals(t.endpoint())).toList();
      Convergence.Look look = convergence.look(current, rollingBack);
      boolean converged = look.running() == look.replicas();

      List<ProgressLine> lines = new ArrayList<>();
      if (rollingBack && fresh.message() != null && !fresh.message().isBlank()) {
        lines.add(new ProgressLine("rollback", "rollback: " + fresh.message()));
      }
      lines.addAll(look.lines());
      UpdateConfig config = rollingBack ? spec.rollbackConfig() : spec.updateConfig();
      if (watch.asked() != UpdateWatch.Asked.NOTHING) {
        if (converged) {
          convergedAt = convergedAt == null ? now : convergedAt;
          lines.add(new ProgressLine("verify", "verify: " + stable(config.monitorDuration(), convergedAt, now)));
        } else if (convergedAt != null) {
          lines.add(new ProgressLine("verify", "verify: Detected task failure"));
          convergedAt = null;
        }
      }

      UpdateWatch.Verdict verdict = watch.judge(status, converged);
      if (!verdict.done() && watch.asked() == UpdateWatch.Asked.NOTHING && look.failure() != null) {
        verdict = UpdateWatch.Verdict.failed(look.failure());
      }
      view.show(lines);
      if (verdict.outcome() == UpdateWatch.Outcome.SUCCEEDED) {
        view.finish("verify: Service " + spec.name() + " converged");
        return new Result(verdict, fresh);
      }
      if (verdict.outcome() == UpdateWatch.Outcome.FAILED) {
        return new Result(withLastFailure(verdict, convergence.latestFailure(all)), fresh);
      }
      // Progress is one more task of the spec running than ever before, or a new status: not a task going round a
      // crash loop (it changes state forever and never runs for good), nor the countdown.
      mostRunning = Math.max(mostRunning, look.running());
      Duration quiet = config.delayDuration().plus(config.monitorDuration());
      if (progressDeadline.passed(List.of(mostRunning, String.valueOf(status)), now, quiet)) {
        return new Result(UpdateWatch.Verdict.failed(stalled(spec.name(), progressDeadline, quiet, look,
            convergence.latestFailure(all))), fresh);
      }
      ConvergenceMonitor.sleep();
    }
  }

  /** The service's {@code UpdateStatus}, or null when it has none (never updated). */
  static UpdateStatus status(JsonNode service) {
    JsonNode s = service.path("UpdateStatus");
    return s.isObject() ? TaskQueries.convert(s, UpdateStatus.class) : null;
  }

  /** Docker's countdown, then (the managers still watching) a wait for their verdict. */
  private static String stable(Duration monitor, Instant convergedAt, Instant now) {
    Duration left = monitor.minus(Duration.between(convergedAt, now));
    if (left.isNegative() || left.isZero()) {
      return "Waiting for the swarm to complete the update...";
    }
    long seconds = (left.toMillis() + 999) / 1000;
    return "Waiting " + seconds + (seconds == 1 ? " second" : " seconds") + " to verify that tasks are stable...";
  }

  private static UpdateWatch.Verdict withLastFailure(UpdateWatch.Verdict v, String lastFailure) {
    if (lastFailure == null || v.reason().contains(lastFailure)) {
      return v;
    }
    return UpdateWatch.Verdict.failed(v.reason() + " (last task failure: " + lastFailure + ")");
  }

  private static String stalled(String name, ProgressDeadline deadline, Duration quiet, Convergence.Look look,
                                String lastFailure) {
    String waiting = look.waitingFor() != null ? look.waitingFor() : "the managers have not marked it completed";
    return "update of " + name + " showed no progress for " + Durations.format(deadline.limit().plus(quiet))
        + " (--progress-deadline " + Durations.format(deadline.limit()) + " plus the update's delay and monitor"
        + " period): " + waiting + (lastFailure == null ? "" : " (last task failure: " + lastFailure + ")")
        + "; it goes on in the background ('swarm service ps " + name + "')";
  }
}
