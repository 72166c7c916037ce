package swarm.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;

/** Docker's image sizes: decimal units with three significant digits ({@code 4.26MB}, {@code 123kB}, {@code 0B}). */
public final class HumanSize {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private HumanSize() {}

  public static String of(long bytes) {
    double v = bytes;
    int i = 0;
    while (v >= 1000 && i < UNITS.length - 1) {
      v /= 1000;
      i++;
    }
    BigDecimal rounded = new BigDecimal(v).round(new MathContext(3));
    if (rounded.compareTo(BigDecimal.valueOf(1000)) >= 0 && i < UNITS.length - 1) {
      rounded = BigDecimal.ONE;
      i++;
    }
    return rounded.stripTrailingZeros().toPlainString() + UNITS[i];
  }
}
