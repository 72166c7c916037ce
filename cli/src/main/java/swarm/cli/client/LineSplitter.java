package swarm.cli.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into UTF-8 lines (without the {@code \n}), keeping a partial last line until it completes or
 * {@link #flush()} is called. Used for JSON-lines answers and for log payloads. Not thread-safe.
 */
public final class LineSplitter {
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  public List<String> feed(byte[] chunk) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        partial.write(chunk, start, i - start);
        lines.add(take());
        start = i + 1;
      }
    }
    partial.write(chunk, start, chunk.length - start);
    return lines;
  }

  /** The unterminated last line, if any. */
  public List<String> flush() {
    return partial.size() == 0 ? List.of() : List.of(take());
  }

  private String take() {
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
