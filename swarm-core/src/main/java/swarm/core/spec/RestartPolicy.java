package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Docker's {@code RestartPolicy}: when a task that stopped is replaced. Defaults: condition any,
 * delay 5 s, unlimited attempts, no window. Delay and window are nanoseconds.
 */
public record RestartPolicy(Condition condition, Long delay, Long maxAttempts, Long window) {
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

  public enum Condition {
    NONE("none"), ON_FAILURE("on-failure"), ANY("any");

    private final String wire;

    Condition(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    @JsonCreator
    public static Condition parse(String text) {
      for (Condition c : values()) {
        if (c.wire.equals(text.toLowerCase(Locale.ROOT))) {
          return c;
        }
      }
      throw new IllegalArgumentException("invalid restart condition '" + text + "': use none, on-failure or any");
    }
  }

  public RestartPolicy {
    condition = condition == null ? Condition.ANY : condition;
    delay = delay == null ? DEFAULT_DELAY.toNanos() : delay;
    maxAttempts = maxAttempts == null ? 0L : maxAttempts;
    window = window == null ? 0L : window;
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (delay < 0) {
      problems.add("invalid restart delay (--restart-delay): must not be negative");
    }
    if (maxAttempts < 0) {
      problems.add("invalid restart max attempts (--restart-max-attempts): must be 0 (unlimited) or more");
    }
    if (window < 0) {
      problems.add("invalid restart window (--restart-window): must not be negative");
    }
    return problems;
  }

  public Duration delayDuration() {
    return Duration.ofNanos(delay);
  }

  public Duration windowDuration() {
    return Duration.ofNanos(window);
  }
}
