package swarm.manager.controller;

import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import swarm.core.json.Json;
import swarm.core.log.StoreCommand;

/**
 * Cuts a controller pass's commands into log entries, in order, each at most so many bytes of JSON: Ratis cannot
 * commit an entry bigger than its log appender's buffer (4 MiB), and fewer, bigger entries cost less to replicate
 * and apply than many small ones (every replica copies its task map once per entry). Sizes are measured by
 * encoding each command as the log will (into a counter, not a buffer). Cutting is lazy, so the loop measures the
 * next entry while the earlier ones are being committed.
 *
 * <p>Not thread-safe: one belongs to one pass.
 */
final class Entries {
  private static final ObjectWriter COMMAND = Json.MAPPER.writerFor(StoreCommand.class);
  /** {"Commands":[ ... ]}; each command adds its own size and a comma. */
  private static final int ENVELOPE_BYTES = 64;

  private final List<StoreCommand> commands;
  private final int maxBytes;
  private int next;

  Entries(List<StoreCommand> commands, int maxBytes) {
    this.commands = commands;
    this.maxBytes = maxBytes;
  }

  boolean hasNext() {
    return next < commands.size();
  }

  /** The next run of commands, at most {@code maxBytes} encoded (a single bigger command goes alone). */
  List<StoreCommand> next() {
    int from = next;
    long bytes = ENVELOPE_BYTES;
    while (next < commands.size()) {
      long size = encodedSize(commands.get(next)) + 1;
      if (next > from && bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      next++;
    }
    return commands.subList(from, next);
  }

  /** Every entry at once (tests). */
  static List<List<StoreCommand>> split(List<StoreCommand> commands, int maxBytes) {
    Entries e = new Entries(commands, maxBytes);
    List<List<StoreCommand>> out = new ArrayList<>();
    while (e.hasNext()) {
      out.add(e.next());
    }
    return out;
  }

  static long encodedSize(StoreCommand command) {
    Counter c = new Counter();
    try {
      COMMAND.writeValue(c, command);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + command.getClass().getSimpleName(), e);
    }
    return c.count;
  }

  private static final class Counter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
