package swarm.cli.service;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows convergence progress. On a terminal the block of lines is redrawn in place; otherwise (CI logs, pipes)
 * a line is printed only when its text changed, so the output stays readable. Not thread-safe.
 */
final class ProgressView {
  private final PrintWriter out;
  private final boolean redraw;
  private final Map<String, String> shown = new HashMap<>();
  private int drawn;

  ProgressView(PrintWriter out, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
  }

  /** A view that shows nothing ({@code --quiet}). */
  static ProgressView silent() {
    return new ProgressView(null, false);
  }

  void show(List<ProgressLine> lines) {
    if (out == null) {
      return;
    }
    if (redraw) {
      if (drawn > 0) {
        out.print("\033[" + drawn + "A");
      }
      for (ProgressLine l : lines) {
        out.print("\033[2K" + l.text() + "\n");
      }
      // A block that shrank (a verify line gone) leaves its old last lines on screen: blank them.
      for (int i = lines.size(); i < drawn; i++) {
        out.print("\033[2K\n");
      }
      drawn = Math.max(drawn, lines.size());
    } else {
      for (ProgressLine l : lines) {
        if (!l.text().equals(shown.put(l.key(), l.text()))) {
          out.println(l.text());
        }
      }
    }
    out.flush();
  }

  /** A closing line below the block, e.g. {@code verify: Service web converged}. */
  void finish(String line) {
    if (out == null) {
      return;
    }
    out.println(line);
    out.flush();
  }
}
