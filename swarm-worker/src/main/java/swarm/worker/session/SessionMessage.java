package swarm.worker.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.object.Node;
import swarm.core.object.Task;

/**
 * The dispatcher session's WebSocket messages, the worker's copy of swarm-manager's {@code
 * swarm.manager.dispatcher.SessionMessage} (the JSON is the contract; swarm-worker does not depend on swarm-manager).
 * TODO: move one copy into swarm-core ({@code swarm.core.dispatch}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "Type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SessionMessage.Describe.class, name = "description"),
    @JsonSubTypes.Type(value = SessionMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = SessionMessage.Status.class, name = "status"),
    @JsonSubTypes.Type(value = SessionMessage.Registered.class, name = "session"),
    @JsonSubTypes.Type(value = SessionMessage.Assign.class, name = "assignments"),
    @JsonSubTypes.Type(value = SessionMessage.Failure.class, name = "error"),
})
sealed interface SessionMessage {
  record Describe(Node.Description description) implements SessionMessage {}

  /** To the manager: no period. From it: nanoseconds until the next heartbeat. */
  record Heartbeat(Long period) implements SessionMessage {}

  record Status(List<TaskStatusReport> reports) implements SessionMessage {
    public Status {
      reports = reports == null ? List.of() : List.copyOf(reports);
    }
  }

  record Registered(@JsonProperty("NodeID") String nodeId, long period) implements SessionMessage {}

  record Assign(List<Task> tasks) implements SessionMessage {
    public Assign {
      tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
  }

  record Failure(String message) implements SessionMessage {}
}
