package swarm.worker.exec.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.worker.exec.ExitStatus;
import swarm.worker.sys.Libc;
import swarm.core.concurrent.DaemonThreads;

/**
 * Learns when container init processes end, one per JVM. At creation it makes the JVM a child
 * subreaper, so a container's init, orphaned when {@code runc run --detach} exits, becomes our
 * child and its exit code can be reaped. A poller thread calls {@code waitpid(pid, WNOHANG)} for
 * exactly the watched pids, every 100 ms: never {@code waitpid(-1)}, which would steal the exit
 * codes of the JDK's own {@link Process} objects. A pid that is not our child (adopted after a
 * daemon restart) is watched through {@code /proc/<pid>/stat} instead; its exit code is unknown.
 *
 * <p>Thread-safe. A process is identified by pid and start time, so a reused pid is not mistaken
 * for the container.
 */
public final class ExitMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(ExitMonitor.class);
  private static final long POLL_MILLIS = 100;
  private static volatile ExitMonitor instance;

  private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;

  private record Watch(long pid, long startTime, CompletableFuture<ExitStatus> exit) {}

  private ExitMonitor() {
    Libc.becomeChildSubreaper();
    poller = DaemonThreads.scheduler("container-exit-monitor");
    poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The JVM's monitor; the first call makes the JVM a child subreaper, so call it before starting containers. */
  public static ExitMonitor instance() {
    if (instance == null) {
      synchronized (ExitMonitor.class) {
        if (instance == null) {
          instance = new ExitMonitor();
        }
      }
    }
    return instance;
  }

  /**
   * Completes when the process {@code pid} that started at {@code startTime} (clock ticks after
   * boot, {@code /proc/<pid>/stat} field 22; 0 if unknown) has ended. Watching the same process
   * twice returns the same future, also after it completed, until {@link #forget}.
   */
  public CompletableFuture<ExitStatus> watch(long pid, long startTime) {
    Watch w = watches.compute(pid, (p, old) -> old != null && (old.startTime == startTime || startTime == 0)
        ? old : new Watch(pid, startTime, new CompletableFuture<>()));
    return w.exit;
  }

  /** Drops what is known about {@code pid}; a later watch of the same pid starts afresh. */
  public void forget(long pid) {
    watches.remove(pid);
  }

  /** Field 22 of {@code /proc/<pid>/stat}; empty when no such process. */
  public static OptionalLong startTime(long pid) {
    String stat = stat(pid);
    if (stat == null) {
      return OptionalLong.empty();
    }
    // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are plain.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return OptionalLong.of(Long.parseLong(f[19]));
  }

  private void poll() {
    for (Watch w : watches.values()) {
      if (w.exit.isDone()) {
        continue;
      }
      try {
        Integer status = Libc.pollChild(w.pid);
        if (status != null) {
          w.exit.complete(ExitStatus.of(Libc.exitCodeOf(status)));
        }
      } catch (Libc.NotAChild e) {
        if (!alive(w)) {
          w.exit.complete(ExitStatus.unknown());
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot poll container process {}: {}", w.pid, e.toString());
      }
    }
  }

  private static boolean alive(Watch w) {
    String stat = stat(w.pid);
    if (stat == null) {
      return false;
    }
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    boolean zombie = f[0].equals("Z") || f[0].equals("X");
    return !zombie && (w.startTime == 0 || Long.parseLong(f[19]) == w.startTime);
  }

  private static String stat(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return null;
    }
  }
}
