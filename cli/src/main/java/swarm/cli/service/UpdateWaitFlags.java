package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;
import swarm.cli.FlagValues;
import swarm.cli.client.ApiClient;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.object.UpdateStatus;

/**
 * How {@code service update} and {@code service rollback} wait for the managers, and what they print: docker's
 * {@code -d/--detach} and {@code -q/--quiet}; ours, {@code --format json} (the final UpdateStatus on stdout, for
 * scripts) and {@code --progress-deadline}. Without {@code --detach} the command exits 0 only when the update
 * completed (or, for a change that replaces no task, the service converged); see {@link UpdateWatch}. A picocli
 * mixin; not thread-safe, one per command invocation.
 */
final class UpdateWaitFlags {
  @Option(names = {"-d", "--detach"}, arity = "0..1", fallbackValue = "true",
      description = "Exit immediately instead of waiting for the service to converge")
  boolean detach;

  @Option(names = {"-q", "--quiet"}, description = "Suppress progress output")
  boolean quiet;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "json: print the update's final UpdateStatus as JSON (null when the change replaced no task)"
          + " instead of the service name; progress goes to stderr")
  String format;

  @Option(names = "--progress-deadline", paramLabel = "DURATION",
      description = "Fail when the update makes no progress (one more new task running, a new status) for this"
          + " long, not counting its delay and monitor period (default 5m)")
  String progressDeadline;

  private boolean json;
  private Duration deadline = ProgressDeadline.DEFAULT;

  /** Checks the values given, reporting each bad one to {@code v}. */
  void parse(FlagValues v) {
    json = "json".equals(v.oneOf("--format", format, "table", "json"));
    Long nanos = v.durationNanos("--progress-deadline", progressDeadline);
    if (nanos != null && nanos == 0) {
      v.problem("invalid value '" + progressDeadline + "' for --progress-deadline: must be longer than 0s"
          + " (use --detach not to wait)");
    }
    deadline = nanos == null || nanos == 0 ? ProgressDeadline.DEFAULT : Duration.ofNanos(nanos);
  }

  /**
   * Prints the service's name (or, with {@code --format json}, nothing yet), then unless {@code --detach} waits for
   * {@code request} with progress, and prints the final UpdateStatus with {@code --format json}.
   *
   * @return 0 once the update completed (a rollback: rolled back; a change replacing no task: converged)
   * @throws SwarmException why it did not: paused, rolled back, its rollback paused, or no progress in time
   */
  int await(ApiClient client, PrintWriter out, PrintWriter err, boolean interactive, Clock clock,
            UpdateRequest request) {
    if (!json) {
      out.println(request.name());
      out.flush();
    }
    if (detach) {
      if (json) {
        JsonNode service = ConvergenceMonitor.service(client, request.serviceId());
        print(out, request.watch().fresh(UpdateMonitor.status(service)));
      }
      return 0;
    }
    ProgressView view = quiet ? ProgressView.silent() : json ? new ProgressView(err, false)
        : new ProgressView(out, interactive);
    UpdateMonitor.Result result = new UpdateMonitor(client, view, clock).await(request.serviceId(), request.watch(),
        request.endedBefore(), new ProgressDeadline(deadline));
    if (json) {
      print(out, result.status());
    }
    if (result.verdict().outcome() != UpdateWatch.Outcome.SUCCEEDED) {
      throw SwarmException.invalid(result.verdict().reason());
    }
    return 0;
  }

  private static void print(PrintWriter out, UpdateStatus status) {
    out.println(status == null ? "null" : Json.toString(status));
    out.flush();
  }
}
