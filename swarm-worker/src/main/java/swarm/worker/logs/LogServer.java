package swarm.worker.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;

/**
 * Answers managers' log requests from this node's {@link LogStore} (a task's container has the task's id). Per task:
 * the entries at or after {@code since}, the last {@code tail} of them; a follow then streams new entries, and waits
 * for containers not created yet. A task with no container here has no lines (its logs went with its container).
 *
 * <p>Thread-safe: reads run on a small pool of their own, never on the caller's (an event loop); each request's sink
 * is called one call at a time and sees exactly one end.
 */
public final class LogServer implements LogSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogServer.class);
  static final int BATCH = 500;
  private static final long WAIT_FOR_CONTAINER_MILLIS = 300;

  private final LogStore store;
  private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "log-server");
    t.setDaemon(true);
    return t;
  });

  public LogServer(LogStore store) {
    this.store = store;
  }

  @Override
  public AutoCloseable serve(LogRequest request, LogSink sink) {
    Request r = new Request(request, sink);
    try {
      pool.execute(request.follow() ? r::startFollowing : r::readAll);
    } catch (RejectedExecutionException closed) {
      r.end("the node's log server is shutting down");
    }
    return r::cancel;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static LogLine line(String taskId, LogEntry e) {
    return new LogLine(taskId, e.time(), e.stream(), e.line());
  }

  /** One request: serialises its sink's calls and ends it once. */
  private final class Request {
    private final LogRequest request;
    private final LogSink sink;
    private final List<AutoCloseable> follows = new CopyOnWriteArrayList<>();
    private boolean ended; // guarded by this

    Request(LogRequest request, LogSink sink) {
      this.request = request;
      this.sink = sink;
    }

    void readAll() {
      try {
        for (String taskId : request.taskIds()) {
          if (!store.has(taskId)) {
            continue;
          }
          List<LogLine> lines = new ArrayList<>();
          for (LogEntry e : store.read(taskId, -1)) {
            if (request.since() == null || !e.time().isBefore(request.since())) {
              lines.add(line(taskId, e));
            }
          }
          int from = request.tail() < 0 ? 0 : Math.max(0, lines.size() - request.tail());
          for (int i = from; i < lines.size(); i += BATCH) {
            send(lines.subList(i, Math.min(lines.size(), i + BATCH)));
          }
        }
        end(null);
      } catch (RuntimeException e) {
        LOG.warn("cannot read the logs of tasks {}: {}", request.taskIds(), e.toString());
        end("cannot read logs: " + e.getMessage());
      }
    }

    void startFollowing() {
      request.taskIds().forEach(this::follow);
    }

    private void follow(String taskId) {
      if (isEnded()) {
        return;
      }
      if (!store.has(taskId)) {
        // Not created yet (or already removed): look again, as docker waits for a task that has not started.
        try {
          pool.schedule(() -> follow(taskId), WAIT_FOR_CONTAINER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
          end("the node's log server is shutting down");
        }
        return;
      }
      try {
        Instant since = request.since();
        follows.add(store.follow(taskId, request.tail(), since, e -> send(List.of(line(taskId, e)))));
      } catch (RuntimeException e) {
        LOG.debug("cannot follow the logs of task {}: {}", taskId, e.toString());
      }
      if (isEnded()) {
        closeFollows();
      }
    }

    synchronized void send(List<LogLine> lines) {
      if (!ended && !lines.isEmpty()) {
        sink.lines(List.copyOf(lines));
      }
    }

    synchronized void end(String error) {
      if (!ended) {
        ended = true;
        sink.end(error);
      }
    }

    synchronized boolean isEnded() {
      return ended;
    }

    void cancel() {
      end(null);
      closeFollows();
    }

    private void closeFollows() {
      for (AutoCloseable f : follows) {
        try {
          f.close();
        } catch (Exception ignored) {
          // cancelling a schedule does not fail
        }
      }
    }
  }
}
