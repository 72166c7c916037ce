package swarm.manager.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.object.Task;

/**
 * Gathers the logs of tasks from the nodes that ran them: one request per node, over the node's session. Without
 * follow ({@link #collect}) it waits for every node's answer, at most {@code answerTimeout}, and merges: per task the
 * lines at or after {@code since}, the last {@code tail} of them (as docker applies tail per task), all sorted by
 * time. With follow ({@link #follow}) lines are forwarded as nodes send them. A node that cannot be reached, does not
 * answer in time or fails becomes a notice naming it (swarmkit's broker waits instead, the complaint about
 * {@code docker service logs} hanging); nodes whose session another manager holds are not forwarded to (a known limit).
 *
 * <p>Thread-safe and stateless between calls; a follow's listener is called one call at a time.
 */
public final class LogBroker {
  public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final NodeLogs nodes;
  private final Duration answerTimeout;

  public LogBroker(NodeLogs nodes) {
    this(nodes, DEFAULT_ANSWER_TIMEOUT);
  }

  public LogBroker(NodeLogs nodes, Duration answerTimeout) {
    this.nodes = nodes;
    this.answerTimeout = answerTimeout;
  }

  /** What {@link #collect} found: the merged lines, and one notice per node whose lines are missing. */
  public record Logs(List<TaskLine> lines, List<String> notices) {
    public Logs {
      lines = List.copyOf(lines);
      notices = List.copyOf(notices);
    }
  }

  /** Receives a follow's lines and notices, one call at a time. */
  public interface Listener {
    void line(TaskLine line);

    void notice(String message);
  }

  /**
   * The tasks' logs, merged in time order; blocks at most the answer timeout.
   *
   * @param tail  lines per task from the end, {@code -1} for all
   * @param since only lines at or after this time; null for all
   */
  public Logs collect(List<Task> tasks, int tail, Instant since) {
    Map<String, List<Task>> byNode = byNode(tasks);
    List<String> notices = new ArrayList<>();
    List<Answer> answers = new ArrayList<>();
    for (var e : byNode.entrySet()) {
      Answer answer = new Answer(e.getKey(), e.getValue());
      LogRequest request = new LogRequest(UUID.randomUUID().toString(), ids(e.getValue()), tail, since, false);
      Optional<AutoCloseable> handle = nodes.request(e.getKey(), request, answer);
      if (handle.isEmpty()) {
        notices.add(unavailable(e.getKey(), nodes.whyUnavailable(e.getKey())));
      } else {
        answer.handle = handle.get();
        answers.add(answer);
      }
    }
    long deadline = System.nanoTime() + answerTimeout.toNanos();
    List<TaskLine> lines = new ArrayList<>();
    for (Answer a : answers) {
      String error;
      try {
        error = a.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        close(a.handle);
        error = "node did not answer within " + answerTimeout.toSeconds() + "s";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "interrupted";
      } catch (java.util.concurrent.ExecutionException e) {
        error = String.valueOf(e.getCause().getMessage());
      }
      if (error != null) {
        notices.add(a.lines.isEmpty() ? unavailable(a.nodeId, error)
            : "logs of tasks on node " + a.nodeId + " are incomplete: " + error);
      }
      lines.addAll(a.taskLines());
    }
    return new Logs(merge(lines, tail, since), notices);
  }

  /**
   * Follows the tasks' logs: each node sends its tasks' last {@code tail} lines at or after {@code since}, then new
   * lines as they are written, until the returned handle is closed. A node out of reach, or whose session ends, is
   * reported to {@code listener} as a notice.
   */
  public AutoCloseable follow(List<Task> tasks, int tail, Instant since, Listener listener) {
    Object lock = new Object();
    List<AutoCloseable> handles = new CopyOnWriteArrayList<>();
    boolean[] closed = {false};
    for (var e : byNode(tasks).entrySet()) {
      String nodeId = e.getKey();
      Map<String, Task> byId = index(e.getValue());
      LogRequest request = new LogRequest(UUID.randomUUID().toString(), ids(e.getValue()), tail, since, true);
      LogSource.LogSink sink = new LogSource.LogSink() {
        @Override
        public void lines(List<LogLine> lines) {
          synchronized (lock) {
            for (LogLine l : lines) {
              Task t = byId.get(l.taskId());
              if (!closed[0] && t != null && (since == null || !l.time().isBefore(since))) {
                listener.line(new TaskLine(t, l));
              }
            }
          }
        }

        @Override
        public void end(String error) {
          synchronized (lock) {
            if (!closed[0] && error != null) {
              listener.notice("logs of tasks on node " + nodeId + " stopped: " + error);
            }
          }
        }
      };
      Optional<AutoCloseable> handle = nodes.request(nodeId, request, sink);
      if (handle.isPresent()) {
        handles.add(handle.get());
      } else {
        synchronized (lock) {
          listener.notice(unavailable(nodeId, nodes.whyUnavailable(nodeId)));
        }
      }
    }
    return () -> {
      synchronized (lock) {
        closed[0] = true;
      }
      handles.forEach(LogBroker::close);
    };
  }

  /** Per task the lines at or after {@code since}, the last {@code tail} of them; then all in time order (stable). */
  static List<TaskLine> merge(List<TaskLine> lines, int tail, Instant since) {
    Map<String, List<TaskLine>> byTask = new LinkedHashMap<>();
    for (TaskLine l : lines) {
      if (since == null || !l.line().time().isBefore(since)) {
        byTask.computeIfAbsent(l.task().id(), k -> new ArrayList<>()).add(l);
      }
    }
    List<TaskLine> merged = new ArrayList<>();
    for (List<TaskLine> ofTask : byTask.values()) {
      merged.addAll(tail < 0 || tail >= ofTask.size() ? ofTask : ofTask.subList(ofTask.size() - tail, ofTask.size()));
    }
    merged.sort(Comparator.comparing(l -> l.line().time()));
    return merged;
  }

  static String unavailable(String nodeId, String why) {
    return "logs of tasks on node " + nodeId + " are unavailable: " + why;
  }

  private static Map<String, List<Task>> byNode(List<Task> tasks) {
    Map<String, List<Task>> byNode = new LinkedHashMap<>();
    for (Task t : tasks) {
      if (t.nodeId() != null) { // never scheduled: no node has its logs
        byNode.computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(t);
      }
    }
    return byNode;
  }

  private static List<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::id).toList();
  }

  private static Map<String, Task> index(List<Task> tasks) {
    Map<String, Task> byId = new LinkedHashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));
    return byId;
  }

  private static void close(AutoCloseable handle) {
    try {
      handle.close();
    } catch (Exception ignored) {
      // cancelling a request is best effort: its lines are dropped either way
    }
  }

  /** One node's answer to a non-follow request. */
  private static final class Answer implements LogSource.LogSink {
    final String nodeId;
    final Map<String, Task> tasks;
    final List<LogLine> lines = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> done = new CompletableFuture<>();
    volatile AutoCloseable handle;

    Answer(String nodeId, List<Task> tasks) {
      this.nodeId = nodeId;
      this.tasks = index(tasks);
    }

    @Override
    public void lines(List<LogLine> batch) {
      if (!done.isDone()) {
        lines.addAll(batch);
      }
    }

    @Override
    public void end(String error) {
      done.complete(error);
    }

    List<TaskLine> taskLines() {
      List<TaskLine> out = new ArrayList<>();
      for (LogLine l : lines) {
        Task t = tasks.get(l.taskId());
        if (t != null) {
          out.add(new TaskLine(t, l));
        }
      }
      return out;
    }
  }
}
