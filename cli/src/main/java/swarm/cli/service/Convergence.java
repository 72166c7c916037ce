package swarm.cli.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.RestartPolicy;

/**
 * Judges one look at a service's tasks while the CLI waits for it, the way docker's progress updater does: per
 * slot (per node for a global service, {@code replicas} then being its eligible nodes) the task with the lowest
 * desired (then observed) state counts; the service has converged when as many tasks run as replicas are wanted. It also decides when waiting is pointless: a slot that has failed twice,
 * or a task that stopped and whose restart condition means it never restarts. Tasks that had already ended before
 * the wait began are ignored. Stateful (keeps docker's slot numbering across looks); not thread-safe.
 */
final class Convergence {
  static final int MAX_PROGRESS_BARS = 100;
  private static final int STATE_WIDTH = "preparing".length();
  private static final int BAR = 50;

  private final String serviceName;
  private final long replicas;
  private final RestartPolicy.Condition condition;
  private final Set<String> ignored;
  private final Map<Object, Integer> slotMap = new HashMap<>();

  /**
   * What one look found: running count, lines to show, why waiting must stop (null while it may converge), and
   * what it waits for (the first slot whose task does not run yet, for a person; null once all run).
   */
  record Look(long running, long replicas, List<ProgressLine> lines, String failure, String waitingFor) {
    boolean converged() {
      return failure == null && running == replicas;
    }
  }

  Convergence(String serviceName, long replicas, RestartPolicy.Condition condition, Set<String> ignoredTaskIds) {
    this.serviceName = serviceName;
    this.replicas = replicas;
    this.condition = condition;
    this.ignored = Set.copyOf(ignoredTaskIds);
  }

  Look look(List<Task> tasks) {
    return look(tasks, false);
  }

  /** @param rollingBack the tasks are being rolled back: the overall line says so, as docker's does */
  Look look(List<Task> tasks, boolean rollingBack) {
    Map<Object, Task> bySlot = new LinkedHashMap<>();
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(SLOT_ORDER);
    for (Task t : sorted) {
      if (ignored.contains(t.id()) || rank(t.desiredState()) == 0 || rank(t.state()) == 0) {
        continue;
      }
      Task existing = bySlot.get(slotOf(t));
      if (existing != null) {
        int ed = rank(existing.desiredState());
        int td = rank(t.desiredState());
        if (ed < td || (ed == td && rank(existing.state()) <= rank(t.state()))) {
          continue;
        }
      }
      bySlot.put(slotOf(t), t);
    }
    long running = 0;
    String waitingFor = null;
    List<ProgressLine> slotLines = new ArrayList<>();
    for (Task t : bySlot.values()) {
      int mapped = slotMap.computeIfAbsent(slotOf(t), s -> slotMap.size() + 1);
      if (!t.desiredState().isTerminal() && t.state() == TaskState.RUNNING) {
        running++;
      } else if (waitingFor == null) {
        String err = t.status().err();
        waitingFor = "task " + taskName(t) + " is " + t.state().wire()
            + (err == null || err.isBlank() ? "" : ": " + err.replace('\n', ' '));
      }
      if (replicas <= MAX_PROGRESS_BARS && mapped <= replicas) {
        String key = mapped + "/" + replicas;
        slotLines.add(new ProgressLine(key, key + ": " + slotText(t)));
      }
    }
    slotLines.sort(Comparator.comparingInt(l -> Integer.parseInt(l.key().substring(0, l.key().indexOf('/')))));
    List<ProgressLine> lines = new ArrayList<>();
    lines.add(new ProgressLine("overall", "overall progress: " + (rollingBack ? "rolling back update: " : "")
        + running + " out of " + replicas + " tasks"));
    lines.addAll(slotLines);
    if (waitingFor == null && running < replicas) {
      waitingFor = (replicas - bySlot.size()) + " of " + replicas + " tasks are not created yet";
    }
    return new Look(running, replicas, lines, failure(tasks), waitingFor);
  }

  private String failure(List<Task> tasks) {
    Map<Object, List<Task>> failedBySlot = new HashMap<>();
    for (Task t : tasks) {
      if (ignored.contains(t.id())) {
        continue;
      }
      TaskState s = t.state();
      if (s == TaskState.FAILED || s == TaskState.REJECTED) {
        if (condition == RestartPolicy.Condition.NONE) {
          return describe(t);
        }
        failedBySlot.computeIfAbsent(slotOf(t), k -> new ArrayList<>()).add(t);
      } else if (s == TaskState.COMPLETE && condition != RestartPolicy.Condition.ANY) {
        return "task " + taskName(t) + " completed and will not be restarted (restart condition "
            + condition.wire() + ")";
      }
    }
    return failedBySlot.values().stream()
        .filter(list -> list.size() >= 2)
        .map(list -> list.stream().max(Comparator.comparing(Convergence::when)).orElseThrow())
        .min(SLOT_ORDER)
        .map(this::describe)
        .orElse(null);
  }

  /**
   * The newest failure among {@code tasks} (failed or rejected, not ended before the wait), described as in a
   * failure ({@code task web.2 failed: task: non-zero exit (1)}); null when none failed.
   */
  String latestFailure(List<Task> tasks) {
    return tasks.stream()
        .filter(t -> !ignored.contains(t.id()))
        .filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED)
        .max(Comparator.comparing(Convergence::when))
        .map(this::describe)
        .orElse(null);
  }

  private String describe(Task t) {
    String why = t.status().err();
    if (why == null || why.isBlank()) {
      why = t.status().message();
    }
    String verb = t.state() == TaskState.REJECTED ? " was rejected: " : " failed: ";
    return "task " + taskName(t) + verb + why;
  }

  private String taskName(Task t) {
    return serviceName + "." + (t.slot() == null ? t.nodeId() : t.slot());
  }

  /** A replicated task's slot number; a global task has none and is keyed by its node, as docker does. */
  private static Object slotOf(Task t) {
    return t.slot() != null ? t.slot() : t.nodeId();
  }

  private static final Comparator<Task> SLOT_ORDER = Comparator
      .comparing((Task t) -> t.slot() == null ? Long.MAX_VALUE : t.slot())
      .thenComparing(t -> t.nodeId() == null ? "" : t.nodeId());

  private static java.time.Instant when(Task t) {
    java.time.Instant at = t.status().timestamp();
    return at != null ? at : t.createdAt() != null ? t.createdAt() : java.time.Instant.EPOCH;
  }

  private static String slotText(Task t) {
    String err = t.status().err();
    if (err != null && !err.isBlank()) {
      String e = err.replace('\n', ' ');
      return e.length() > 75 ? e.substring(0, 74) + "…" : e;
    }
    if (t.desiredState().isTerminal() || t.state().isTerminal()) {
      return t.state().wire();
    }
    String state = String.format("%-" + STATE_WIDTH + "s", t.state().wire());
    int filled = rank(t.state()) * 100 / rank(TaskState.RUNNING) / 2;
    return state + " [" + "=".repeat(filled) + ">" + " ".repeat(BAR - filled) + "]";
  }

  /** Docker's numbered states: NEW 1 … RUNNING 9, then the ends; REMOVE and ORPHANED do not count (0). */
  static int rank(TaskState s) {
    return switch (s) {
      case NEW -> 1;
      case PENDING -> 3;
      case ASSIGNED -> 4;
      case ACCEPTED -> 5;
      case PREPARING -> 6;
      case READY -> 7;
      case STARTING -> 8;
      case RUNNING -> 9;
      case COMPLETE -> 10;
      case SHUTDOWN -> 11;
      case FAILED -> 12;
      case REJECTED -> 13;
      case REMOVE, ORPHANED -> 0;
    };
  }
}
