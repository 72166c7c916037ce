package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import swarm.core.json.WireNames;

/**
 * Docker's {@code UpdateConfig}, used for both {@code ServiceSpec.UpdateConfig} and {@code ServiceSpec.RollbackConfig}:
 * how the updater replaces a service's outdated tasks. Tasks are replaced {@code parallelism} slots at a time
 * (0 = all at once), {@code delay} apart; a new task that fails before it runs, or within {@code monitor} of
 * running, counts as a failure, and once failures exceed {@code maxFailureRatio} of the slots being updated
 * {@code failureAction} fires. Durations are nanoseconds, as in Docker's API. Defaults are Swarm's: parallelism 1,
 * delay 0, failure action pause, monitor 5 s, max failure ratio 0, order stop-first.
 */
public record UpdateConfig(Long parallelism, Long delay, FailureAction failureAction, Long monitor,
                           Double maxFailureRatio, Order order) {
  public static final Duration DEFAULT_MONITOR = Duration.ofSeconds(5);
  /** Swarm's defaults, for a spec that gives none. */
  public static final UpdateConfig DEFAULT = new UpdateConfig(null, null, null, null, null, null);

  /** What happens when an update (or a rollback) has seen too many failures. */
  public enum FailureAction {
    PAUSE, CONTINUE, ROLLBACK;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static FailureAction parse(String text) {
      return WireNames.parse(FailureAction.class, text, "failure action");
    }
  }

  /** stop-first: the old task stops before its replacement starts; start-first: the replacement runs first. */
  public enum Order {
    STOP_FIRST, START_FIRST;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static Order parse(String text) {
      return WireNames.parse(Order.class, text, "update order");
    }
  }

  public UpdateConfig {
    parallelism = parallelism == null ? 1L : parallelism;
    delay = delay == null ? 0L : delay;
    failureAction = failureAction == null ? FailureAction.PAUSE : failureAction;
    monitor = monitor == null ? DEFAULT_MONITOR.toNanos() : monitor;
    maxFailureRatio = maxFailureRatio == null ? 0.0 : maxFailureRatio;
    order = order == null ? Order.STOP_FIRST : order;
  }

  /**
   * Every problem, each naming its flag.
   *
   * @param flagPrefix {@code --update} or {@code --rollback}: the flags these values came from
   */
  public List<String> validate(String flagPrefix) {
    List<String> problems = new ArrayList<>();
    if (parallelism < 0) {
      problems.add("invalid " + flagPrefix + "-parallelism: must be 0 (all at once) or more");
    }
    if (delay < 0) {
      problems.add("invalid " + flagPrefix + "-delay: must not be negative");
    }
    if (monitor < 0) {
      problems.add("invalid " + flagPrefix + "-monitor: must not be negative");
    }
    if (maxFailureRatio.isNaN() || maxFailureRatio < 0 || maxFailureRatio > 1) {
      problems.add("invalid " + flagPrefix + "-max-failure-ratio: must be between 0 and 1");
    }
    if (flagPrefix.equals("--rollback") && failureAction == FailureAction.ROLLBACK) {
      problems.add("invalid --rollback-failure-action 'rollback': a rollback is never rolled back; use pause or continue");
    }
    return problems;
  }

  public Duration delayDuration() {
    return Duration.ofNanos(delay);
  }

  public Duration monitorDuration() {
    return Duration.ofNanos(monitor);
  }
}
