package swarm.worker.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.concurrent.DaemonThreads;

/**
 * The logs of this node's containers, kept as Docker's json-lines file per container
 * ({@code <containersDir>/<id>/container.log}). A background collector moves new raw output into
 * those files every 150 ms; readers collect first, so a read sees everything written before it.
 * The logs of a removed container go with it, as in Docker.
 *
 * <p>Thread-safe: collection holds a lock per container; reads need none (complete lines only).
 */
public final class LogStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
  private static final long POLL_MILLIS = 150;

  private final Path containersDir;
  private final Clock clock;
  private final Map<String, LogCollector> collectors = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  public LogStore(Path containersDir) {
    this(containersDir, Clock.systemUTC());
  }

  public LogStore(Path containersDir, Clock clock) {
    this.containersDir = containersDir;
    this.clock = clock;
    this.timer = DaemonThreads.scheduler("log-collector");
    timer.scheduleWithFixedDelay(this::collectAll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * The container's log entries, the last {@code tail} of them ({@code -1}: all).
   *
   * @throws SwarmException not found when no such container is on this node
   */
  public List<LogEntry> read(String containerId, int tail) {
    Path dir = dir(containerId);
    collect(containerId, false);
    List<LogEntry> all = new ArrayList<>();
    readFrom(dir, 0, all::add);
    return tail < 0 || tail >= all.size() ? all : List.copyOf(all.subList(all.size() - tail, all.size()));
  }

  /**
   * Sends the last {@code tail} entries and then every new one to {@code sink}, from the
   * collector's thread, until the returned handle is closed or the container is removed.
   */
  public AutoCloseable follow(String containerId, int tail, Consumer<LogEntry> sink) {
    return follow(containerId, tail, null, sink);
  }

  /**
   * As {@link #follow(String, int, Consumer)}, the last {@code tail} of the entries at or after {@code since} (null:
   * all) first.
   */
  public AutoCloseable follow(String containerId, int tail, Instant since, Consumer<LogEntry> sink) {
    Path dir = dir(containerId);
    collect(containerId, false);
    List<LogEntry> initial = new ArrayList<>();
    long[] position = {readFrom(dir, 0, e -> {
      if (since == null || !e.time().isBefore(since)) {
        initial.add(e);
      }
    })};
    int from = tail < 0 ? 0 : Math.max(0, initial.size() - tail);
    initial.subList(from, initial.size()).forEach(sink);
    ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
    task[0] = timer.scheduleWithFixedDelay(() -> {
      if (!Files.isDirectory(dir)) {
        task[0].cancel(false);
        return;
      }
      collect(containerId, false);
      position[0] = readFrom(dir, position[0], sink);
    }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    return () -> task[0].cancel(false);
  }

  /** Whether the container is on this node (its logs can be read). */
  public boolean has(String containerId) {
    return containerId != null && !containerId.contains("/") && !containerId.startsWith(".")
        && Files.isDirectory(containersDir.resolve(containerId));
  }

  /** Collects the container's output including a last partial line: call once its process ended. */
  public void finish(String containerId) {
    collect(containerId, true);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void collectAll() {
    try (var s = Files.list(containersDir)) {
      s.map(p -> p.getFileName().toString()).forEach(id -> collect(id, false));
    } catch (NoSuchFileException e) {
      // No container yet.
    } catch (IOException | RuntimeException e) {
      LOG.warn("log collection failed: {}", e.toString());
    }
    collectors.keySet().removeIf(id -> !Files.isDirectory(containersDir.resolve(id)));
  }

  private void collect(String id, boolean flush) {
    Path dir = containersDir.resolve(id);
    LogCollector c = collectors.computeIfAbsent(id, k -> new LogCollector(dir, clock));
    synchronized (c) {
      try {
        if (Files.isDirectory(dir)) {
          c.collect(flush);
        }
      } catch (NoSuchFileException e) {
        // Removed while collecting: its logs go with it.
      } catch (IOException e) {
        LOG.warn("cannot collect the logs of container {}: {}", id, e.toString());
      }
    }
  }

  /** Sends entries from byte {@code position} on; returns the position after the last complete line. */
  private static long readFrom(Path dir, long position, Consumer<LogEntry> sink) {
    Path log = LogCollector.logFile(dir);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long size = f.length();
      if (size <= position) {
        return position;
      }
      byte[] data = new byte[(int) Math.min(size - position, Integer.MAX_VALUE - 8)];
      f.seek(position);
      f.readFully(data);
      int start = 0;
      for (int i = 0; i < data.length; i++) {
        if (data[i] == '\n') {
          JsonLogLine.decode(new String(data, start, i - start, StandardCharsets.UTF_8)).ifPresent(sink);
          start = i + 1;
        }
      }
      return position + start;
    } catch (java.io.FileNotFoundException e) {
      return position;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + log, e);
    }
  }

  private Path dir(String containerId) {
    if (containerId == null || containerId.contains("/") || containerId.startsWith(".")) {
      throw SwarmException.invalid("invalid container id '" + containerId + "'");
    }
    Path dir = containersDir.resolve(containerId);
    if (!Files.isDirectory(dir)) {
      throw SwarmException.notFound("no such container: " + containerId);
    }
    return dir;
  }
}
