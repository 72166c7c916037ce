package swarm.manager.state;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.core.json.Json;
import swarm.core.object.Service;
import swarm.core.spec.ServiceSpec;

/**
 * How many tasks the managers can hold in memory. Every manager keeps the whole state in its heap, so a
 * service that asks for more tasks than the heap holds would end the manager with an OutOfMemoryError, and
 * again at every restart, since the spec is in the log. The budget is a number of heap bytes for tasks; a
 * desired task costs {@link #BYTES_PER_TASK} (the task, the old tasks its slot keeps as history, its log
 * entries while cached) plus twice its spec's JSON size (each task carries a copy of the spec).
 *
 * <p>The control API refuses a create, update or scale past the budget; the replicated orchestrator never
 * creates tasks past it either, so an entry committed before the limit existed (or a manager restarted with
 * a smaller heap) cannot stop a manager from starting. Immutable; thread-safe.
 */
public record TaskBudget(long bytes) {
  /** Measured: 1.7–3.1 KB of heap per pending task with a small spec, six of them when a slot keeps history. */
  public static final long BYTES_PER_TASK = 16 * 1024;
  /** Heap kept for everything but tasks: Raft, Vert.x, Hazelcast, the worker. */
  public static final long RESERVED_HEAP = 64L << 20;
  /** The budget never goes below this many bytes, even on a tiny heap. */
  public static final long MIN_BYTES = 16L << 20;
  /** The largest spec a service may have, as JSON: an update's log entry carries two (4 MiB is Raft's limit). */
  public static final int MAX_SPEC_BYTES = 512 * 1024;

  public TaskBudget {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a task budget must be positive: " + bytes);
    }
  }

  /** The budget of this JVM's heap ({@code -Xmx}). */
  public static TaskBudget ofThisHeap() {
    return ofHeap(Runtime.getRuntime().maxMemory());
  }

  public static TaskBudget ofHeap(long maxHeapBytes) {
    return new TaskBudget(Math.max(MIN_BYTES, maxHeapBytes - RESERVED_HEAP));
  }

  /** Heap bytes one desired task of {@code spec} is counted for. */
  public static long costOfTask(ServiceSpec spec) {
    return BYTES_PER_TASK + 2L * specBytes(spec);
  }

  public static int specBytes(ServiceSpec spec) {
    return Json.toBytes(spec).length;
  }

  /** How many tasks of {@code spec} the whole budget holds. */
  public long tasksOf(ServiceSpec spec) {
    return bytes / costOfTask(spec);
  }

  /**
   * How many replicas each replicated service may have now: its own count while the services before it (by id,
   * so every leader decides the same) and the global services' tasks leave room, fewer once the budget is spent.
   */
  public Map<String, Long> allowedReplicas(ClusterState state) {
    long left = bytes - globalTasksCost(state, null);
    Map<String, Long> allowed = new LinkedHashMap<>();
    List<Service> replicated = state.services().values().stream().filter(s -> !s.spec().mode().isGlobal())
        .sorted(Comparator.comparing(Service::id)).toList();
    for (Service s : replicated) {
      long cost = costOfTask(s.spec());
      long fits = Math.max(0, left / cost);
      long n = Math.min(s.spec().mode().replicated().replicas(), fits);
      allowed.put(s.id(), n);
      left -= n * cost; // n fits in what is left: no overflow
    }
    return allowed;
  }

  /**
   * Heap bytes the other services' desired tasks are counted for ({@code except} is the service being
   * created or changed; null for none).
   */
  public long usedByOthers(ClusterState state, String except) {
    long used = globalTasksCost(state, except);
    for (Service s : state.services().values()) {
      if (!s.spec().mode().isGlobal() && !s.id().equals(except)) {
        used = plus(used, times(s.spec().mode().replicated().replicas(), costOfTask(s.spec())));
      }
    }
    return used;
  }

  private static long globalTasksCost(ClusterState state, String except) {
    long nodes = state.nodes().size();
    long cost = 0;
    for (Service s : state.services().values()) {
      if (s.spec().mode().isGlobal() && !s.id().equals(except)) {
        cost = plus(cost, times(nodes, costOfTask(s.spec())));
      }
    }
    return cost;
  }

  /** {@code n × cost}, saturating: a spec committed with 10^18 replicas must not wrap around. */
  static long times(long n, long cost) {
    return n != 0 && n > Long.MAX_VALUE / cost ? Long.MAX_VALUE : n * cost;
  }

  static long plus(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
