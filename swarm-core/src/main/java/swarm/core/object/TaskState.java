package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Task states in Docker Swarm's order. A task only moves forward ("the state is a lamport clock");
 * managers own NEW..ASSIGNED, workers ACCEPTED onwards. REMOVE is only ever a desired state.
 */
public enum TaskState {
  NEW, PENDING, ASSIGNED, ACCEPTED, PREPARING, READY, STARTING, RUNNING, COMPLETE, SHUTDOWN, FAILED, REJECTED,
  REMOVE, ORPHANED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TaskState parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  /** Docker's display name: {@code Running}, {@code Shutdown}. */
  public String display() {
    return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }

  /** The task's process has ended (or never will start): nothing of it runs any more. */
  public boolean isTerminal() {
    return compareTo(RUNNING) > 0;
  }

  public boolean isAtLeast(TaskState other) {
    return compareTo(other) >= 0;
  }
}
