package swarm.cli.format;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A column-aligned table like docker's: upper-case headers, every column as wide as its widest cell, three spaces
 * between columns, no trailing spaces. Rows are buffered until {@link #print}. Not thread-safe.
 */
public final class Table {
  private static final int PADDING = 3;
  private final String[] headers;
  private final List<String[]> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = headers.clone();
  }

  public Table row(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length + " columns");
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c).toArray(String[]::new));
    return this;
  }

  public void print(PrintWriter out) {
    int[] width = new int[headers.length];
    for (int c = 0; c < headers.length; c++) {
      width[c] = headers[c].length();
      for (String[] row : rows) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    line(out, headers, width);
    for (String[] row : rows) {
      line(out, row, width);
    }
    out.flush();
  }

  private static void line(PrintWriter out, String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      b.append(cells[c]);
      if (c < cells.length - 1) {
        b.append(" ".repeat(width[c] - cells[c].length() + PADDING));
      }
    }
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == ' ') {
      end--;
    }
    out.println(b.substring(0, end));
  }
}
