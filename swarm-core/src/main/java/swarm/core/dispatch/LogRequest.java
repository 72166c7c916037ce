package swarm.core.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A manager's request for the logs of some of a node's tasks: per task, the lines at or after {@code since} (null:
 * from the start), of those the last {@code tail} ({@code -1}: all); with {@code follow}, then every new line until
 * the request is cancelled or the session ends. Immutable.
 */
public record LogRequest(@JsonProperty("RequestID") String requestId, @JsonProperty("TaskIDs") List<String> taskIds,
                         int tail, Instant since, boolean follow) {
  public LogRequest {
    taskIds = taskIds == null ? List.of() : List.copyOf(taskIds);
    if (tail < -1) {
      throw new IllegalArgumentException("tail must be -1 (all) or a number of lines, not " + tail);
    }
  }

  /** The same request for other tasks (one request per node). */
  public LogRequest withTasks(String requestId, List<String> taskIds) {
    return new LogRequest(requestId, taskIds, tail, since, follow);
  }
}
