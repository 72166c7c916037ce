package swarm.core.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import swarm.core.object.Node;
import swarm.core.object.Task;

/**
 * One WebSocket text message of a dispatcher session, as JSON ({@link swarm.core.json.Json}): {@code {"Type": ...}}
 * plus the fields below. Worker to manager: {@code description} (first), {@code heartbeat}, {@code status}. Manager to
 * worker: {@code session} (once registered), {@code assignments} (the full set, on open and after every change),
 * {@code heartbeat} (the answer, with the next period in nanoseconds), {@code error} (then the manager closes).
 * Logs ({@link LogRequest}): the manager sends {@code logs} and, to stop a follow, {@code log-cancel}; the worker
 * answers with any number of {@code log-lines} and one {@code log-end}, all carrying the request's id.
 *
 * <p>Shared by the manager's dispatcher and the worker's session client. Type names are append-only; a side that
 * meets an unknown type ignores the message.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "Type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SessionMessage.Describe.class, name = "description"),
    @JsonSubTypes.Type(value = SessionMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = SessionMessage.Status.class, name = "status"),
    @JsonSubTypes.Type(value = SessionMessage.Registered.class, name = "session"),
    @JsonSubTypes.Type(value = SessionMessage.Assign.class, name = "assignments"),
    @JsonSubTypes.Type(value = SessionMessage.Failure.class, name = "error"),
    @JsonSubTypes.Type(value = SessionMessage.Logs.class, name = "logs"),
    @JsonSubTypes.Type(value = SessionMessage.LogCancel.class, name = "log-cancel"),
    @JsonSubTypes.Type(value = SessionMessage.LogLines.class, name = "log-lines"),
    @JsonSubTypes.Type(value = SessionMessage.LogEnd.class, name = "log-end"),
})
public sealed interface SessionMessage {
  /** The worker's node description; the node id comes from its certificate, never from here. */
  record Describe(Node.Description description) implements SessionMessage {}

  /** From the worker: no period. From the manager: the period until the next heartbeat, in nanoseconds. */
  record Heartbeat(Long period) implements SessionMessage {}

  record Status(List<TaskStatusReport> reports) implements SessionMessage {
    public Status {
      reports = reports == null ? List.of() : List.copyOf(reports);
    }
  }

  /** The session is open for node {@code nodeId}; heartbeat every {@code period} nanoseconds. */
  record Registered(@JsonProperty("NodeID") String nodeId, long period) implements SessionMessage {}

  /** The node's assignments: its tasks and the views of their overlay networks (see {@link Assignments}). */
  record Assign(List<Task> tasks, List<NetworkView> networks) implements SessionMessage {
    public Assign {
      tasks = tasks == null ? List.of() : List.copyOf(tasks);
      networks = networks == null ? List.of() : List.copyOf(networks);
    }

    public Assign(List<Task> tasks) {
      this(tasks, null);
    }

    public Assignments assignments() {
      return new Assignments(tasks, networks);
    }
  }

  record Failure(String message) implements SessionMessage {}

  /** From the manager: answer this log request. */
  record Logs(@JsonProperty("RequestID") String requestId, @JsonProperty("TaskIDs") List<String> taskIds, int tail,
              Instant since, boolean follow) implements SessionMessage {
    public Logs {
      taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    }

    public static Logs of(LogRequest r) {
      return new Logs(r.requestId(), r.taskIds(), r.tail(), r.since(), r.follow());
    }

    public LogRequest request() {
      return new LogRequest(requestId, taskIds, tail, since, follow);
    }
  }

  /** From the manager: stop following this request (the worker then sends its {@code log-end}). */
  record LogCancel(@JsonProperty("RequestID") String requestId) implements SessionMessage {}

  /** From the worker: some lines of a request, in the order read. */
  record LogLines(@JsonProperty("RequestID") String requestId, List<LogLine> lines) implements SessionMessage {
    public LogLines {
      lines = lines == null ? List.of() : List.copyOf(lines);
    }
  }

  /** From the worker: the request is done; {@code error} null on success. */
  record LogEnd(@JsonProperty("RequestID") String requestId, String error) implements SessionMessage {}
}
