package swarm.cli.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import swarm.core.units.Durations;

/**
 * The {@code --since}/{@code --until} values of {@code swarm events}, as docker takes them: an RFC 3339 time, Unix
 * seconds (with an optional fraction), or a Go duration meaning "that long before now" ({@code 10m}).
 */
final class EventTime {
  private EventTime() {}

  /** The instant {@code text} means at {@code now}; IllegalArgumentException with a message naming {@code flag}. */
  static Instant parse(String flag, String text, Instant now) {
    String t = text.trim();
    try {
      if (t.matches("\\d+(\\.\\d{1,9})?")) {
        BigDecimal nanos = new BigDecimal(t).movePointRight(9);
        BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact());
      }
      if (t.length() > 10 && Character.isDigit(t.charAt(0)) && t.charAt(4) == '-') {
        return OffsetDateTime.parse(t).toInstant();
      }
      return now.minus(Durations.parse(flag, t));
    } catch (DateTimeParseException | ArithmeticException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value '" + text + "' for " + flag
          + ": use an RFC 3339 time (2026-11-26T14:00:00Z), Unix seconds (1700000000) or a duration ago (10m)");
    }
  }

  /** The daemon's form: Unix seconds with nanoseconds. */
  static String wire(Instant at) {
    return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
  }
}
