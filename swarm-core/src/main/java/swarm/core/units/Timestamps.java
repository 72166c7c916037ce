package swarm.core.units;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Points in time as docker takes them for {@code --since}: an RFC 3339 timestamp ({@code 2026-11-26T10:00:00Z},
 * {@code 2026-11-26T10:00:00.5+01:00}), a date-time or date without zone (read as UTC; docker reads local time),
 * Unix seconds with an optional fraction ({@code 1764151200.5}), or a Go duration meaning that long before now
 * ({@code 10m}, {@code 1h30m}). Stateless.
 */
public final class Timestamps {
  private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");

  private Timestamps() {}

  /** @throws IllegalArgumentException naming {@code flag} and the allowed forms */
  public static Instant parse(String flag, String text, Instant now) {
    String s = text == null ? "" : text.strip();
    if (UNIX.matcher(s).matches()) {
      BigDecimal seconds = new BigDecimal(s);
      return Instant.ofEpochSecond(seconds.longValue(),
          seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException notOffset) {
      // other forms below
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notLocal) {
      // other forms below
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notDate) {
      // other forms below
    }
    try {
      return now.minus(Durations.parse(flag, s));
    } catch (IllegalArgumentException notDuration) {
      throw new IllegalArgumentException("invalid value '" + text + "' for " + flag
          + ": use an RFC 3339 timestamp (2026-11-26T10:00:00Z), Unix seconds (1764151200) or a duration before now"
          + " (10m, 1h30m)");
    }
  }

  /** Unix seconds with nanoseconds, as the Engine API's {@code since} takes them: {@code 1764151200.000000001}. */
  public static String unixSeconds(Instant t) {
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }
}
