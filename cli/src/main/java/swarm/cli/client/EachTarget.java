package swarm.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import swarm.core.error.SwarmException;

/**
 * The loop of the commands that act on several targets ({@code rm A B C}, {@code node promote}, {@code scale}):
 * each target is tried even when an earlier one failed, like docker, and the failures are reported together at the
 * end (exit 1), after what did succeed was printed. An unreachable daemon stops the loop at once: every other target
 * would fail the same way, and one "cannot connect" line says it better than one per target.
 */
public final class EachTarget {
  private EachTarget() {}

  /**
   * Runs {@code action} on each target in order and returns the messages of those that threw a
   * {@link SwarmException}, in order; the caller reports them (see {@link #run}).
   *
   * @throws SwarmException at once when the daemon cannot be reached
   */
  public static <T> List<String> attempt(Iterable<T> targets, Consumer<? super T> action) {
    List<String> failures = new ArrayList<>();
    for (T target : targets) {
      try {
        action.accept(target);
      } catch (SwarmException e) {
        if (unreachable(e)) {
          throw e;
        }
        failures.add(e.getMessage());
      }
    }
    return failures;
  }

  /**
   * {@link #attempt}, then flushes {@code writers} (the lines of the targets that succeeded come before the error),
   * then throws the failures as one invalid-input error, its message joined with {@code "; "}.
   */
  public static <T> void run(Iterable<T> targets, Consumer<? super T> action, PrintWriter... writers) {
    List<String> failures = attempt(targets, action);
    for (PrintWriter w : writers) {
      w.flush();
    }
    throwIfAny(failures);
  }

  /** Throws {@code failures} as one invalid-input error; nothing when there are none. */
  public static void throwIfAny(List<String> failures) {
    if (!failures.isEmpty()) {
      throw SwarmException.invalid(failures);
    }
  }

  /**
   * The client's own "cannot connect to the swarm daemon" ({@link DaemonUnreachableException}). The kind is checked
   * too so that a daemon's answer that merely starts with those words is still collected as that target's failure.
   */
  private static boolean unreachable(SwarmException e) {
    return e.kind() == SwarmException.Kind.UNAVAILABLE && e.getMessage().startsWith("cannot connect");
  }
}
