package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * Docker's {@code Service.UpdateStatus}: where the service's last update (or rollback) stands. Absent on a service
 * that was never updated. Written by the updater (and by the control API when an update or rollback begins) through
 * Raft, so a new leader resumes an update from it.
 */
public record UpdateStatus(State state, Instant startedAt, Instant completedAt, String message) {
  /** Docker's words, with {@code _}: {@code rollback_started}. */
  public enum State {
    UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static State parse(String text) {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }

    /** An update or rollback is under way: the updater has work to do. */
    public boolean inProgress() {
      return this == UPDATING || this == ROLLBACK_STARTED;
    }

    public boolean isRollback() {
      return this == ROLLBACK_STARTED || this == ROLLBACK_PAUSED || this == ROLLBACK_COMPLETED;
    }
  }
}
