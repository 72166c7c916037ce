package swarm.manager.orchestrator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.Constraint;
import swarm.core.identity.Identity;
import swarm.manager.state.ClusterState;

/**
 * The slot rules the orchestrators share (swarmkit's {@code orchestrator} package helpers): which
 * tasks belong to which slot, when a task is current, when its node can no longer run it, and how a
 * new task for a slot is made. Stateless; thread-safe.
 */
public final class Slots {
  /** Status message of a task waiting for the scheduler. */
  public static final String PENDING_MESSAGE = "pending task scheduling";

  private Slots() {}

  /** Tasks of a service by slot number (ascending), each slot's tasks oldest first. */
  public static Map<Long, List<Task>> bySlot(List<Task> tasksOfService) {
    Map<Long, List<Task>> slots = new TreeMap<>();
    for (Task t : tasksOfService) {
      if (t.slot() != null) {
        slots.computeIfAbsent(t.slot(), k -> new ArrayList<>()).add(t);
      }
    }
    return slots;
  }

  /**
   * Tasks of every replicated service that still exists, grouped per service id then slot. Unmodifiable; computed
   * once per state, since every controller of a pass asks about the same state.
   */
  public static Map<String, Map<Long, List<Task>>> slotsOfServices(ClusterState state) {
    return SLOTS_OF_SERVICES.of(state);
  }

  private static Map<String, Map<Long, List<Task>>> groupSlots(ClusterState state) {
    Map<String, List<Task>> byService = new TreeMap<>();
    for (Task t : state.tasks().values()) {
      if (t.serviceId() != null && state.services().containsKey(t.serviceId())) {
        byService.computeIfAbsent(t.serviceId(), k -> new ArrayList<>()).add(t);
      }
    }
    Map<String, Map<Long, List<Task>>> out = new TreeMap<>();
    for (Map.Entry<String, List<Task>> e : byService.entrySet()) {
      e.getValue().sort(ClusterState.TASK_ORDER);
      Map<Long, List<Task>> slots = bySlot(e.getValue());
      slots.replaceAll((slot, tasks) -> Collections.unmodifiableList(tasks));
      out.put(e.getKey(), Collections.unmodifiableMap(slots));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Tasks of every global service that still exists, per service id then node id (Docker keys a global task by
   * its node: it has no slot number), each node's tasks oldest first. Unmodifiable; computed once per state.
   */
  public static Map<String, Map<String, List<Task>>> nodesOfServices(ClusterState state) {
    return NODES_OF_SERVICES.of(state);
  }

  private static Map<String, Map<String, List<Task>>> groupNodes(ClusterState state) {
    Map<String, Map<String, List<Task>>> out = new TreeMap<>();
    for (Task t : state.tasks().values()) {
      Service s = t.serviceId() == null ? null : state.services().get(t.serviceId());
      if (s != null && s.spec().mode().isGlobal() && t.slot() == null && t.nodeId() != null) {
        out.computeIfAbsent(s.id(), k -> new TreeMap<>()).computeIfAbsent(t.nodeId(), k -> new ArrayList<>()).add(t);
      }
    }
    out.replaceAll((service, nodes) -> {
      nodes.replaceAll((node, tasks) -> {
        tasks.sort(ClusterState.TASK_ORDER);
        return Collections.unmodifiableList(tasks);
      });
      return Collections.unmodifiableMap(nodes);
    });
    return Collections.unmodifiableMap(out);
  }

  private static final PerState<Map<String, Map<Long, List<Task>>>> SLOTS_OF_SERVICES =
      new PerState<>(Slots::groupSlots);
  private static final PerState<Map<String, Map<String, List<Task>>>> NODES_OF_SERVICES =
      new PerState<>(Slots::groupNodes);

  /** A value computed from the last state asked about (states are immutable: the same object, the same value). */
  private static final class PerState<V> {
    private record Last<V>(ClusterState state, V value) {}

    private final Function<ClusterState, V> compute;
    private volatile Last<V> last;

    PerState(Function<ClusterState, V> compute) {
      this.compute = compute;
    }

    V of(ClusterState state) {
      Last<V> l = last;
      if (l != null && l.state() == state) {
        return l.value();
      }
      V value = compute.apply(state);
      last = new Last<>(state, value);
      return value;
    }
  }

  /** The node may get new tasks: READY and ACTIVE (a paused node keeps its tasks but gets no new ones). */
  public static boolean isNodeEligible(ClusterState state, String nodeId) {
    Node n = nodeId == null ? null : state.nodes().get(nodeId);
    return n != null && n.isReady() && n.spec() != null && n.spec().availability() == Node.Availability.ACTIVE;
  }

  /**
   * The node meets the service's placement constraints, which decide where a global service runs at all (swarmkit's
   * {@code constraint.NodeMatches}); a stored constraint that no longer parses matches no node.
   */
  public static boolean meetsConstraints(Service service, Node node) {
    List<String> exprs = service.spec().taskTemplate().placement().constraints();
    if (exprs.isEmpty()) {
      return true;
    }
    if (node == null) {
      return false;
    }
    try {
      return Constraint.parseAll(exprs).stream().allMatch(c -> c.matches(node.attribute(c.key())));
    } catch (IllegalArgumentException invalid) {
      return false;
    }
  }

  /** The task still counts toward its slot: it is meant to run (desired READY or RUNNING). */
  public static boolean isRunnable(Task t) {
    return t.desiredState().compareTo(TaskState.RUNNING) <= 0;
  }

  /** The task runs the service's current task template and publishes its current ports (swarmkit's IsTaskDirty). */
  public static boolean isCurrent(Task t, Service s) {
    return s.spec().taskTemplate().equals(t.spec()) && s.spec().endpointSpec().equals(t.endpoint());
  }

  /** The node is gone, DOWN or drained: its tasks must run elsewhere (swarmkit's {@code InvalidNode}). */
  public static boolean isNodeInvalid(ClusterState state, String nodeId) {
    if (nodeId == null) {
      return false;
    }
    Node n = state.nodes().get(nodeId);
    return n == null
        || (n.status() != null && n.status().state() == Node.State.DOWN)
        || (n.spec() != null && n.spec().availability() == Node.Availability.DRAIN);
  }

  /**
   * A new task of {@code service} in {@code slot}: PENDING at once (swarmkit's allocator moves NEW → PENDING); a task
   * on overlay networks then waits, still PENDING, for the allocator's addresses before the scheduler places it.
   */
  public static Task newTask(Service service, long slot, TaskState desired, List<Instant> restarts, Instant now) {
    return new Task(Identity.newId(), null, now, now, service.id(), service.spec().name(), slot, null,
        service.spec().taskTemplate(), service.spec().endpointSpec(), service.version(),
        TaskStatus.of(TaskState.PENDING, now, PENDING_MESSAGE), desired, restarts);
  }

  /**
   * A new task of global {@code service} on {@code nodeId}: no slot, the node pre-filled; still PENDING, so the
   * scheduler checks that the node can take it.
   */
  public static Task newTask(Service service, String nodeId, TaskState desired, List<Instant> restarts, Instant now) {
    return new Task(Identity.newId(), null, now, now, service.id(), service.spec().name(), null, nodeId,
        service.spec().taskTemplate(), service.spec().endpointSpec(), service.version(),
        TaskStatus.of(TaskState.PENDING, now, PENDING_MESSAGE), desired, restarts);
  }
}
