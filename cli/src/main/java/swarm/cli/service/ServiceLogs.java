package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.ByteStream;
import swarm.cli.client.LineSplitter;
import swarm.cli.client.LogFrame;
import swarm.cli.client.LogFrameDecoder;
import swarm.cli.client.Query;
import swarm.cli.format.Ids;
import swarm.core.error.SwarmException;
import swarm.core.object.Task;
import swarm.core.units.Timestamps;

/**
 * {@code swarm service logs SERVICE|TASK}: the logs of a service's tasks (or of one task) from every node that ran
 * them, in time order, each line prefixed like docker's {@code web.1.<task id>@<node>    | message}; stdout frames go
 * to stdout, stderr frames to stderr. With {@code -f} it follows until interrupted. Tasks that appear while following
 * are looked up when first seen. A node whose logs cannot be reached is named on stderr, prefixed by the service.
 */
@Command(name = "logs", description = "Fetch the logs of a service or task")
public final class ServiceLogs extends ApiCommand {
  @Parameters(paramLabel = "SERVICE|TASK", description = "Service name or id, or task id")
  String service;

  @Option(names = "--since", paramLabel = "T",
      description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
  String since;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "all",
      description = "Number of lines to show from the end of the logs (default all)")
  String tail;

  @Option(names = {"-f", "--follow"}, description = "Follow log output")
  boolean follow;

  @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
  boolean timestamps;

  @Option(names = "--no-task-ids", description = "Do not include task IDs in output")
  boolean noTaskIds;

  @Option(names = "--no-trunc", description = "Do not truncate output")
  boolean noTrunc;

  @Option(names = "--no-resolve", description = "Do not map IDs to names in output")
  boolean noResolve;

  private final Map<String, Task> tasks = new HashMap<>();
  private final Set<String> unknown = new HashSet<>();
  private Map<String, String> nodeNames = Map.of();
  private String serviceId;
  private String serviceName;
  private int slotDigits = 1;

  /** {@code all} or a whole number. */
  static String checkTail(String tail) {
    if (tail.equals("all")) {
      return tail;
    }
    try {
      if (Long.parseLong(tail) >= 0) {
        return tail;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SwarmException.invalid("invalid value '" + tail + "' for --tail: use a number 0 or greater, or all");
  }

  /**
   * The Engine API's {@code since}: Unix seconds, computed here so that a duration means before this client's now,
   * as in docker; null when not given.
   */
  static String checkSince(String since, Instant now) {
    if (since == null) {
      return null;
    }
    try {
      return Timestamps.unixSeconds(Timestamps.parse("--since", since, now));
    } catch (IllegalArgumentException e) {
      throw SwarmException.invalid(e.getMessage());
    }
  }

  @Override
  public Integer call() {
    String tailValue = checkTail(tail);
    String sinceValue = checkSince(since, Instant.now());
    String logsOf = resolve();
    refreshTasks();
    nodeNames = TaskQueries.nodeNames(client());
    Query query = Query.path(logsOf).param("stdout", 1).param("stderr", 1)
        .param("follow", follow ? 1 : 0).param("tail", tailValue).param("timestamps", timestamps ? 1 : 0)
        .param("details", 1);
    if (sinceValue != null) {
      query.param("since", sinceValue);
    }
    String path = query.toString();
    LogFrameDecoder decoder = new LogFrameDecoder();
    LineSplitter stdout = new LineSplitter();
    LineSplitter stderr = new LineSplitter();
    try (ByteStream stream = client().stream(path)) {
      byte[] chunk;
      while ((chunk = stream.next()) != null) {
        for (LogFrame frame : decoder.feed(chunk)) {
          boolean toErr = frame.stream() == LogFrame.STDERR;
          for (String line : (toErr ? stderr : stdout).feed(frame.payload())) {
            print(line, toErr ? err() : out());
          }
        }
      }
    }
    stdout.flush().forEach(l -> print(l, out()));
    stderr.flush().forEach(l -> print(l, err()));
    return 0;
  }

  /** The logs path of the service named, or else of the task whose id starts with the argument, as docker does. */
  private String resolve() {
    JsonNode svc;
    try {
      svc = client().get("/services/" + Query.segment(service));
    } catch (SwarmException e) {
      if (e.kind() != SwarmException.Kind.NOT_FOUND) {
        throw e;
      }
      JsonNode task;
      try {
        task = client().get("/tasks/" + Query.segment(service));
      } catch (SwarmException notTask) {
        if (notTask.kind() == SwarmException.Kind.NOT_FOUND) {
          throw SwarmException.notFound("no such service or task: " + service);
        }
        throw notTask;
      }
      svc = client().get("/services/" + Query.segment(task.path("ServiceID").asText()));
      serviceId = svc.path("ID").asText();
      serviceName = svc.path("Spec").path("Name").asText();
      return "/tasks/" + task.path("ID").asText() + "/logs";
    }
    serviceId = svc.path("ID").asText();
    serviceName = svc.path("Spec").path("Name").asText();
    return "/services/" + serviceId + "/logs";
  }

  private void print(String raw, PrintWriter to) {
    LogLine line = LogLine.parse(raw, timestamps);
    StringBuilder b = new StringBuilder();
    if (line.timestamp() != null) {
      b.append(line.timestamp()).append(' ');
    }
    b.append(prefix(line)).append("    | ").append(line.message());
    to.println(b);
    to.flush();
  }

  /** {@code web.1.abcdef123456@node1}, padded so that messages line up whatever the slot's digit count. */
  String prefix(LogLine line) {
    if (line.taskId() == null) {
      return serviceName;
    }
    Task task = tasks.get(line.taskId());
    if (task == null && unknown.add(line.taskId())) {
      refreshTasks();
      task = tasks.get(line.taskId());
    }
    String slot = task == null ? "?" : task.slot() != null ? String.valueOf(task.slot()) : task.nodeId();
    String name = (noResolve ? serviceId : serviceName) + "." + slot;
    if (!noTaskIds) {
      name += "." + Ids.id(line.taskId(), noTrunc);
    }
    String node = line.nodeId() == null ? "" : noResolve ? line.nodeId()
        : nodeNames.getOrDefault(line.nodeId(), line.nodeId());
    int padding = Math.max(0, slotDigits - slot.length());
    return name + "@" + node + " ".repeat(padding);
  }

  private void refreshTasks() {
    List<Task> all = TaskQueries.tasksOf(client(), serviceId, List.of());
    for (Task t : all) {
      tasks.put(t.id(), t);
      if (t.slot() != null) {
        slotDigits = Math.max(slotDigits, String.valueOf(t.slot()).length());
      }
    }
  }
}
