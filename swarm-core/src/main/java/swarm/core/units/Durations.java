package swarm.core.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as docker takes them on the command line: {@code 10s}, {@code 1m30s}, {@code 500ms}, {@code 2h}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /** @throws IllegalArgumentException naming {@code flag} and the allowed forms */
  public static Duration parse(String flag, String text) {
    String s = text == null ? "" : text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    long nanos = 0;
    int at = 0;
    while (m.lookingAt() && !s.isEmpty()) {
      double n = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos += (long) (n * unit);
      at = m.end();
      m.region(at, s.length());
      if (at == s.length()) {
        return Duration.ofNanos(nanos);
      }
    }
    throw new IllegalArgumentException("invalid duration '" + text + "' for " + flag
        + ": use a number with a unit ns, us, ms, s, m or h (e.g. 10s, 1m30s)");
  }

  /** Go's formatting: {@code 5s}, {@code 1m30s}, {@code 500ms}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000_000_000L) {
      return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos + "ns";
    }
    StringBuilder b = new StringBuilder();
    long h = d.toHours();
    long m = d.toMinutesPart();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      b.append(m).append('m');
    }
    long ms = d.toMillisPart();
    b.append(d.toSecondsPart());
    if (ms > 0) {
      b.append('.').append(String.format("%03d", ms).replaceAll("0+$", ""));
    }
    return b.append('s').toString();
  }

  /** Docker's "3 seconds ago" style, used by {@code service ps}. */
  public static String humanAgo(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 1) {
      return "Less than a second";
    }
    if (s < 60) {
      return s == 1 ? "1 second" : s + " seconds";
    }
    long m = s / 60;
    if (m < 60) {
      return m == 1 ? "About a minute" : m + " minutes";
    }
    long h = m / 60;
    if (h < 48) {
      return h == 1 ? "About an hour" : h + " hours";
    }
    return h / 24 + " days";
  }
}
