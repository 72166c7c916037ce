package swarm.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import swarm.core.object.TaskState;
import swarm.core.units.Durations;

/** Docker's relative times: "2 minutes ago" in {@code image ls}, "Running 3 seconds ago" in {@code service ps}. */
public final class HumanTime {
  private HumanTime() {}

  /** {@code "About an hour ago"}; empty when {@code then} is unknown. */
  public static String ago(Instant then, Instant now) {
    return then == null ? "" : Durations.humanAgo(Duration.between(then, now)) + " ago";
  }

  /** A time to come, as {@link #ago} says a past one: {@code "in 3 seconds"}, {@code "in about a minute"}. */
  public static String in(Instant then, Instant now) {
    return "in " + Durations.humanAgo(Duration.between(now, then)).toLowerCase(Locale.ROOT);
  }

  /** {@code service ps}'s CURRENT STATE: {@code "Running 3 seconds ago"}, {@code "Failed less than a second ago"}. */
  public static String currentState(TaskState state, Instant since, Instant now) {
    String name = state == null ? "" : state.display();
    if (since == null) {
      return name;
    }
    return name + " " + Durations.humanAgo(Duration.between(since, now)).toLowerCase(Locale.ROOT) + " ago";
  }
}
