package swarm.cli.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.cli.format.HumanTime;
import swarm.cli.format.Ids;
import swarm.cli.format.ImageNames;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.RestartBackoff;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.PortConfig;

/**
 * {@code service ps} rows as docker prints them: tasks ordered by slot, newest first within a slot, older tasks of
 * a slot shown as history ({@code  \_ web.1}); ids and errors truncated unless {@code --no-trunc}. Ours adds when
 * a task that failed before it ran will be replaced ({@code Rejected 2 seconds ago (restart in 3 seconds)}): the
 * restart supervisor leaves such a task in its slot, still desired to run, until its backoff has passed.
 */
final class TaskRows {
  private static final int MAX_ERROR = 30;

  private TaskRows() {}

  /** Rows with docker's JSON keys: ID, Name, Image, Node, DesiredState, CurrentState, Error, Ports. */
  static List<Map<String, String>> rows(List<Task> tasks, String serviceName, Map<String, String> nodeNames,
                                        boolean noTrunc, Instant now) {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparing((Task t) -> t.slot() == null ? Long.MAX_VALUE : t.slot())
        // A replicated slot's tasks may run on different nodes: only a global service's are grouped by node.
        .thenComparing(t -> t.slot() != null || t.nodeId() == null ? "" : t.nodeId())
        .thenComparing(TaskRows::created, Comparator.reverseOrder()));
    List<Map<String, String>> rows = new ArrayList<>();
    String previous = null;
    for (Task t : sorted) {
      String name = serviceName + "." + (t.slot() != null ? t.slot() : t.nodeId());
      Map<String, String> row = new LinkedHashMap<>();
      row.put("ID", Ids.id(t.id(), noTrunc));
      row.put("Name", name.equals(previous) ? " \\_ " + name : name);
      String image = t.spec() == null ? "" : t.spec().containerSpec().image();
      row.put("Image", noTrunc ? image : ImageNames.withoutDigest(image));
      row.put("Node", t.nodeId() == null ? "" : nodeNames.getOrDefault(t.nodeId(), t.nodeId()));
      row.put("DesiredState", t.desiredState().display());
      row.put("CurrentState", HumanTime.currentState(t.state(), t.status().timestamp(), now) + health(t)
          + restart(t, now));
      row.put("Error", error(t.status().err(), noTrunc));
      row.put("Ports", ports(t));
      rows.add(row);
      previous = name;
    }
    return rows;
  }

  /**
   * As {@code docker ps} shows it: {@code  (healthy)}, {@code  (health: starting)}; empty without a health check.
   * Ours adds the failing streak while it counts, so a task is seen going bad before its check gives up on it:
   * {@code  (healthy, failing streak 2)}.
   */
  static String health(Task t) {
    if (t.state().isTerminal() || t.status().containerStatus() == null
        || t.status().containerStatus().health() == null) {
      return "";
    }
    Health h = t.status().containerStatus().health();
    String verdict = h.status() == HealthStatus.STARTING ? "health: starting" : h.status().wire();
    return h.failingStreak() > 0 && h.status() != HealthStatus.UNHEALTHY
        ? " (" + verdict + ", failing streak " + h.failingStreak() + ")" : " (" + verdict + ")";
  }

  /**
   * For a task that failed before it ran and still holds its slot: {@code  (restart in 3 seconds)} while its
   * replacement waits for the backoff ({@link RestartBackoff}), {@code  (restarting)} once it is due; empty
   * otherwise (a task the supervisor shut down, or one that did not fail).
   */
  static String restart(Task t, Instant now) {
    if (!t.state().isTerminal() || t.desiredState().compareTo(TaskState.RUNNING) > 0
        || !RestartBackoff.failedBeforeRunning(t)) {
      return "";
    }
    Instant due = RestartBackoff.replaceAt(t);
    return due.isAfter(now) ? " (restart " + HumanTime.in(due, now) + ")" : " (restarting)";
  }

  /** Host-mode ports of a running task as docker shows them ({@code *:8080->80/tcp}); ingress ports are the service's. */
  static String ports(Task t) {
    if (t.state() != TaskState.RUNNING) {
      return "";
    }
    return String.join(",", t.endpoint().hostPorts().stream().map(PortConfig::display).toList());
  }

  /** Docker quotes the error and cuts it at 30 characters. */
  static String error(String err, boolean noTrunc) {
    if (err == null || err.isEmpty()) {
      return "";
    }
    String e = !noTrunc && err.length() > MAX_ERROR ? err.substring(0, MAX_ERROR - 1) + "…" : err;
    return "\"" + e + "\"";
  }

  private static Instant created(Task t) {
    return t.createdAt() != null ? t.createdAt() : t.status().timestamp() != null ? t.status().timestamp()
        : Instant.EPOCH;
  }
}
