package swarm.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import swarm.core.error.SwarmException;
import swarm.core.spec.StopSignal;
import swarm.core.units.ByteSize;
import swarm.core.units.Durations;

/**
 * Parses flag values the user typed, collecting a message per bad value that names the flag and what is allowed,
 * so one run reports every mistake (on one line). Not thread-safe; one per command invocation.
 */
public final class FlagValues {
  private final List<String> problems = new ArrayList<>();

  /** A whole number &ge; 0 ({@code --replicas}, {@code --limit-pids}); {@code null} when absent or invalid. */
  public Long wholeNumber(String flag, String text) {
    if (text == null) {
      return null;
    }
    try {
      long n = Long.parseLong(text.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("invalid value '" + text + "' for " + flag + ": must be a whole number 0 or greater");
    return null;
  }

  /** CPUs as docker's NanoCPUs ({@code 0.5} → 500000000). */
  public Long nanoCpus(String flag, String text) {
    if (text == null) {
      return null;
    }
    try {
      BigDecimal nanos = new BigDecimal(text.trim()).movePointRight(9);
      if (nanos.signum() > 0) {
        return nanos.longValueExact();
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    problems.add("invalid value '" + text + "' for " + flag + ": must be a number of CPUs greater than 0 (e.g. 0.5)");
    return null;
  }

  /** A fraction from 0 to 1 ({@code --update-max-failure-ratio 0.2}); {@code null} when absent or invalid. */
  public Double fraction(String flag, String text) {
    if (text == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(text.trim());
      if (d >= 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("invalid value '" + text + "' for " + flag + ": must be a number from 0 to 1 (e.g. 0.2)");
    return null;
  }

  /** A size such as {@code 64M}, in bytes. */
  public Long bytes(String flag, String text) {
    if (text == null) {
      return null;
    }
    try {
      return ByteSize.parse(flag, text);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /** A Go-style duration such as {@code 10s}, in nanoseconds. */
  public Long durationNanos(String flag, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(flag, text.trim()).toNanos();
    } catch (IllegalArgumentException | ArithmeticException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  /** One of {@code allowed}, compared case-insensitively; returned in the allowed spelling. */
  public String oneOf(String flag, String text, String... allowed) {
    if (text == null) {
      return null;
    }
    for (String a : allowed) {
      if (a.equalsIgnoreCase(text.trim())) {
        return a;
      }
    }
    problems.add("invalid value '" + text + "' for " + flag + ": use " + String.join(", ", allowed));
    return null;
  }

  /** A signal Docker knows: a name ({@code SIGTERM}, {@code TERM}, {@code SIGRTMIN+3}) or a number 1-64. */
  public String signal(String flag, String text) {
    if (text == null) {
      return null;
    }
    if (StopSignal.isValid(text.trim())) {
      return text.trim();
    }
    problems.add("invalid value '" + text + "' for " + flag + ": " + StopSignal.ALLOWED);
    return null;
  }

  /** {@code KEY=VALUE}, or {@code KEY} alone meaning an empty value; the key must not be empty. */
  public String[] keyValue(String flag, String text) {
    int eq = text.indexOf('=');
    String key = eq < 0 ? text : text.substring(0, eq);
    if (key.isBlank()) {
      problems.add("invalid value '" + text + "' for " + flag + ": use KEY=VALUE");
      return null;
    }
    return new String[] {key, eq < 0 ? "" : text.substring(eq + 1)};
  }

  public void problem(String message) {
    problems.add(message);
  }

  /** @throws SwarmException listing every problem found so far, if any */
  public void check() {
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
  }
}
