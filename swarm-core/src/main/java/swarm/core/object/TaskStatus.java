package swarm.core.object;

import java.time.Instant;

/** Docker's {@code TaskStatus}: the observed state, when it was reached, and why (message, error). */
public record TaskStatus(Instant timestamp, TaskState state, String message, String err,
                         ContainerStatus containerStatus) {
  public TaskStatus {
    state = state == null ? TaskState.NEW : state;
    message = message == null ? "" : message;
  }

  public static TaskStatus of(TaskState state, Instant at, String message) {
    return new TaskStatus(at, state, message, null, null);
  }
}
