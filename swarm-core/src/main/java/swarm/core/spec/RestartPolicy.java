package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import swarm.core.json.WireNames;

/**
 * Docker's {@code RestartPolicy}: when a task that stopped is replaced. Defaults: condition any,
 * delay 5 s, unlimited attempts, no window. Delay and window are nanoseconds.
 */
public record RestartPolicy(Condition condition, Long delay, Long maxAttempts, Long window) {
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

  public enum Condition {
    NONE, ON_FAILURE, ANY;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static Condition parse(String text) {
      return WireNames.parse(Condition.class, text, "restart condition");
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
