package swarm.worker.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves one container's new raw output ({@code stdout.raw}, {@code stderr.raw}) into its
 * {@code container.log}, from offsets persisted in {@code log.offsets} so a restarted daemon
 * continues where it stopped.
 *
 * <p>Approximations, documented because Docker does better with a pipe per container: the time of
 * a line is when it was collected, not written; lines of stdout and stderr written within one
 * poll are ordered stdout first; a crash between appending to the log and saving the offsets
 * repeats those lines once. Not thread-safe: {@link LogStore} holds a lock per container.
 */
final class LogCollector {
  /** Docker splits lines longer than its 16 KiB buffer into partial entries; so do we. */
  static final int MAX_LINE = 16 * 1024;
  private static final int MAX_READ = 1 << 20;
  private static final String[] STREAMS = {"stdout", "stderr"};

  private final Path dir;
  private final Clock clock;
  private final long[] offsets = new long[2];

  LogCollector(Path containerDir, Clock clock) {
    this.dir = containerDir;
    this.clock = clock;
    try {
      String[] saved = Files.readString(dir.resolve("log.offsets")).strip().split(" ");
      offsets[0] = Long.parseLong(saved[0]);
      offsets[1] = Long.parseLong(saved[1]);
    } catch (IOException | RuntimeException e) {
      // No offsets yet: start from the beginning of the raw files.
    }
  }

  static Path logFile(Path containerDir) {
    return containerDir.resolve("container.log");
  }

  /**
   * Appends complete new lines to the log; with {@code flush}, a trailing partial line as well
   * (the container has ended, nothing will complete it).
   */
  void collect(boolean flush) throws IOException {
    Instant now = clock.instant();
    StringBuilder out = new StringBuilder();
    long[] next = offsets.clone();
    for (int s = 0; s < 2; s++) {
      next[s] = collect(STREAMS[s], dir.resolve(STREAMS[s] + ".raw"), offsets[s], flush, now, out);
    }
    if (out.length() > 0) {
      try (FileChannel log = FileChannel.open(logFile(dir), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND)) {
        ByteBuffer b = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          log.write(b);
        }
      }
    }
    if (next[0] != offsets[0] || next[1] != offsets[1]) {
      Path tmp = dir.resolve(".log.offsets.tmp");
      Files.writeString(tmp, next[0] + " " + next[1] + "\n");
      Files.move(tmp, dir.resolve("log.offsets"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      offsets[0] = next[0];
      offsets[1] = next[1];
    }
  }

  private static long collect(String stream, Path raw, long offset, boolean flush, Instant now, StringBuilder out)
      throws IOException {
    byte[] data;
    try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < offset) {
        return size; // truncated under us (a failed start's runtime message was cut off): skip
      }
      int n = (int) Math.min(size - offset, MAX_READ);
      if (n == 0) {
        return offset;
      }
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
        // read fully
      }
      data = java.util.Arrays.copyOf(b.array(), b.position());
    } catch (NoSuchFileException e) {
      return offset;
    }
    int consumed = 0;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n' || i - consumed + 1 >= MAX_LINE) {
        lines.add(new String(data, consumed, i + 1 - consumed, StandardCharsets.UTF_8));
        consumed = i + 1;
      }
    }
    if (flush && consumed < data.length) {
      lines.add(new String(data, consumed, data.length - consumed, StandardCharsets.UTF_8));
      consumed = data.length;
    }
    for (String line : lines) {
      out.append(JsonLogLine.encode(new LogEntry(now, stream, line)));
    }
    return offset + consumed;
  }
}
