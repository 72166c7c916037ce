package swarm.core.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints sizes the way docker does: {@code 64M}, {@code 1.5g}, {@code 512k}, {@code 1024} (bytes); binary units. */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /**
   * @param flag the flag or field named in the error message
   * @throws IllegalArgumentException with a message naming {@code flag} and the allowed forms
   */
  public static long parse(String flag, String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size '" + text + "' for " + flag
          + ": use a number of bytes with an optional unit b, k, m, g or t (e.g. 64M)");
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      case "p" -> 50;
      default -> 0;
    };
    // Exact arithmetic: a double would round large sizes and its cast to long would cap an overflow silently.
    BigInteger bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)).toBigInteger();
    if (bytes.bitLength() >= Long.SIZE) {
      throw new IllegalArgumentException("invalid size '" + text + "' for " + flag + ": too large, the most is "
          + Long.MAX_VALUE + " bytes (8EiB)");
    }
    return bytes.longValue();
  }

  /** Human form with binary units, like docker's {@code 64MiB}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (v == Math.floor(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v)) + units[i];
  }
}
