package swarm.manager.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Health;
import swarm.core.object.Network;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.Version;

/**
 * Applies one log entry (a {@link CommandBatch}) to a {@link ClusterState}, all or nothing, with
 * the rules of {@link StoreCommand}: version-checked commands refuse the whole batch with a
 * conflict a person can read; monotonic ones (task status, desired state, assignment) are no-ops
 * when they would move a task backwards (a task status may repeat its state, with a newer health).
 * Every written object's version becomes the entry index.
 *
 * <p>Deterministic: no clock, no randomness, no I/O, so every replica computes the same state.
 * Stateless and thread-safe.
 */
public final class StateApplier {
  static final String ASSIGNED_MESSAGE = "scheduler assigned task to node";

  private StateApplier() {}

  /** What applying a batch produced. On refusal {@code state} is the input with only the index moved. */
  public record Result(ClusterState state, List<Change> changes, ApplyResult result) {}

  public static Result apply(ClusterState state, CommandBatch batch, long index) {
    Working w = new Working(state, index);
    for (StoreCommand command : batch.commands()) {
      String conflict = w.apply(command);
      if (conflict != null) {
        ClusterState unchanged = state.withIndex(Math.max(state.index(), index));
        return new Result(unchanged, List.of(), ApplyResult.refused(index, conflict));
      }
    }
    return new Result(w.build(), List.copyOf(w.changes), ApplyResult.ok(index));
  }

  /** The batch's scratch copy: maps are copied the first time a command writes to them. */
  static final class Working {
    private final ClusterState base;
    private final long index;
    final Version version;
    private Cluster cluster;
    Map<String, Node> nodes;
    Map<String, Service> services;
    Map<String, Task> tasks;
    Map<String, Network> networks;
    /** Built on the batch's first address write, then kept up to date by every write after it. */
    private AddressBook book;
    final List<Change> changes = new ArrayList<>();

    Working(ClusterState base, long index) {
      this.base = base;
      this.index = index;
      this.version = new Version(index);
      this.cluster = base.cluster();
      this.nodes = base.nodes();
      this.services = base.services();
      this.tasks = base.tasks();
      this.networks = base.networks();
    }

    ClusterState build() {
      return new ClusterState(cluster, wrap(nodes, base.nodes()), wrap(services, base.services()),
          wrap(tasks, base.tasks()), wrap(networks, base.networks()), Math.max(base.index(), index));
    }

    Map<String, Network> networks() {
      if (networks == base.networks()) {
        networks = new HashMap<>(networks);
      }
      return networks;
    }

    AddressBook book() {
      if (book == null) {
        book = AddressBook.of(new ClusterState(cluster, nodes, services, tasks, networks, index));
      }
      return book;
    }

    private static <V> Map<String, V> wrap(Map<String, V> m, Map<String, V> original) {
      return m == original ? m : Collections.unmodifiableMap(m);
    }

    private Map<String, Node> nodes() {
      if (nodes == base.nodes()) {
        nodes = new HashMap<>(nodes);
      }
      return nodes;
    }

    Map<String, Service> services() {
      if (services == base.services()) {
        services = new HashMap<>(services);
      }
      return services;
    }

    private Map<String, Task> tasks() {
      if (tasks == base.tasks()) {
        tasks = new HashMap<>(tasks);
      }
      return tasks;
    }

    /** @return null when applied (or a no-op), else the conflict that refuses the batch */
    String apply(StoreCommand command) {
      // Java 17 has no pattern switch; the chain below covers every permitted subtype.
      if (command instanceof StoreCommand.PutCluster c) {
        return putCluster(c);
      } else if (command instanceof StoreCommand.PutNode c) {
        return putNode(c);
      } else if (command instanceof StoreCommand.RemoveNode c) {
        return removeNode(c);
      } else if (command instanceof StoreCommand.CreateService c) {
        return createService(c);
      } else if (command instanceof StoreCommand.UpdateService c) {
        return updateService(c);
      } else if (command instanceof StoreCommand.RemoveService c) {
        return removeService(c);
      } else if (command instanceof StoreCommand.CreateTask c) {
        return createTask(c);
      } else if (command instanceof StoreCommand.RemoveTask c) {
        return removeTask(c);
      } else if (command instanceof StoreCommand.UpdateTaskStatus c) {
        return updateTaskStatus(c);
      } else if (command instanceof StoreCommand.SetDesiredState c) {
        return setDesiredState(c);
      } else if (command instanceof StoreCommand.AssignTask c) {
        return assignTask(c);
      } else if (command instanceof StoreCommand.CreateNetwork c) {
        return NetworkWrites.create(this, c);
      } else if (command instanceof StoreCommand.RemoveNetwork c) {
        return NetworkWrites.remove(this, c);
      } else if (command instanceof StoreCommand.SetMeshAddress c) {
        return NetworkWrites.setMeshAddress(this, c);
      } else if (command instanceof StoreCommand.SetServiceVips c) {
        return NetworkWrites.setServiceVips(this, c);
      } else if (command instanceof StoreCommand.AllocateTask c) {
        return NetworkWrites.allocateTask(this, c);
      }
      throw new IllegalStateException("unknown store command " + command.getClass().getName());
    }

    private String putCluster(StoreCommand.PutCluster c) {
      String stale = checkVersion("cluster", c.cluster().id(), cluster == null ? null : cluster.version(),
          c.expectedVersion());
      if (stale != null) {
        return stale;
      }
      Cluster next = c.cluster().withVersion(version);
      changes.add(Change.of(Change.Kind.CLUSTER, next.id(), cluster, next));
      cluster = next;
      return null;
    }

    private String putNode(StoreCommand.PutNode c) {
      Node old = nodes.get(c.node().id());
      String stale = checkVersion("node", c.node().id(), old == null ? null : old.version(), c.expectedVersion());
      if (stale != null) {
        return stale;
      }
      Node next = c.node().withVersion(version);
      nodes().put(next.id(), next);
      changes.add(Change.of(Change.Kind.NODE, next.id(), old, next));
      return null;
    }

    private String removeNode(StoreCommand.RemoveNode c) {
      Node old = nodes.get(c.nodeId());
      if (old == null) {
        return "node " + c.nodeId() + " not found";
      }
      nodes().remove(c.nodeId());
      changes.add(Change.of(Change.Kind.NODE, old.id(), old, null));
      return null;
    }

    private String createService(StoreCommand.CreateService c) {
      Service s = c.service();
      if (services.containsKey(s.id())) {
        return "service id " + s.id() + " is already in use";
      }
      String taken = nameTaken(s.spec().name(), s.id());
      if (taken == null) {
        taken = NetworkWrites.ingressPortTaken(this, s);
      }
      if (taken != null) {
        return taken;
      }
      // Virtual IPs come only from the allocator's checked write (service.vips).
      Service next = s.withVirtualIps(List.of(), s.updatedAt()).withVersion(version);
      services().put(next.id(), next);
      changes.add(Change.of(Change.Kind.SERVICE, next.id(), null, next));
      return null;
    }

    private String updateService(StoreCommand.UpdateService c) {
      Service old = services.get(c.service().id());
      if (old == null) {
        return "service " + c.service().id() + " not found";
      }
      String stale = checkVersion("service", old.spec().name(), old.version(), c.expectedVersion());
      if (stale != null) {
        return stale;
      }
      String taken = nameTaken(c.service().spec().name(), old.id());
      if (taken == null) {
        taken = NetworkWrites.ingressPortTaken(this, c.service());
      }
      if (taken != null) {
        return taken;
      }
      Service next = c.service().withVirtualIps(old.virtualIps(), c.service().updatedAt()).withVersion(version);
      services().put(next.id(), next);
      changes.add(Change.of(Change.Kind.SERVICE, next.id(), old, next));
      return null;
    }

    private String removeService(StoreCommand.RemoveService c) {
      Service old = services.get(c.serviceId());
      if (old == null) {
        return "service " + c.serviceId() + " not found";
      }
      services().remove(old.id());
      if (book != null) {
        book.releaseVips(old);
      }
      changes.add(Change.of(Change.Kind.SERVICE, old.id(), old, null));
      return null;
    }

    private String createTask(StoreCommand.CreateTask c) {
      Task t = c.task();
      if (tasks.containsKey(t.id())) {
        return "task id " + t.id() + " is already in use";
      }
      if (t.serviceId() != null && !services.containsKey(t.serviceId())) {
        return "service " + t.serviceId() + " not found (task " + t.id() + ")";
      }
      String taken = NetworkWrites.checkTaskAddresses(this, t);
      if (taken != null) {
        return taken;
      }
      Task next = t.withVersion(version);
      tasks().put(next.id(), next);
      if (book != null) {
        book.takeTask(next);
      }
      changes.add(Change.of(Change.Kind.TASK, next.id(), null, next));
      return null;
    }

    private String removeTask(StoreCommand.RemoveTask c) {
      Task old = tasks.get(c.taskId());
      if (old != null) {
        tasks().remove(old.id());
        if (book != null) {
          book.releaseTask(old);
        }
        changes.add(Change.of(Change.Kind.TASK, old.id(), old, null));
      }
      return null;
    }

    private String updateTaskStatus(StoreCommand.UpdateTaskStatus c) {
      Task old = tasks.get(c.taskId());
      if (old == null || c.status() == null || c.status().state().compareTo(old.state()) < 0
          || c.status().equals(old.status()) || olderHealth(c.status(), old.status())) {
        return null;
      }
      writeTask(old, old.withStatus(c.status()));
      return null;
    }

    /**
     * A report of the same state is applied (a running task's health changed), unless its last probe is older than
     * the one we have: a report sent again after a reconnect, overtaken by a newer one.
     */
    private static boolean olderHealth(TaskStatus next, TaskStatus current) {
      Instant a = lastProbe(next);
      Instant b = lastProbe(current);
      return next.state() == current.state() && a != null && b != null && a.isBefore(b);
    }

    private static Instant lastProbe(TaskStatus s) {
      if (s.containerStatus() == null || s.containerStatus().health() == null) {
        return null;
      }
      List<Health.Result> log = s.containerStatus().health().log();
      return log.isEmpty() ? null : log.get(log.size() - 1).start();
    }

    private String setDesiredState(StoreCommand.SetDesiredState c) {
      Task old = tasks.get(c.taskId());
      if (old == null || c.desiredState().compareTo(old.desiredState()) <= 0) {
        return null;
      }
      writeTask(old, old.withDesiredState(c.desiredState(), c.at()));
      return null;
    }

    private String assignTask(StoreCommand.AssignTask c) {
      Task old = tasks.get(c.taskId());
      if (old == null || old.state().isAtLeast(TaskState.ASSIGNED)) {
        return null;
      }
      if (!old.networks().isEmpty() && !old.isHoldingAddresses()) {
        return null; // not meant to run any more: its addresses may already be someone else's
      }
      writeTask(old, old.withNode(c.nodeId()).withStatus(TaskStatus.of(TaskState.ASSIGNED, c.at(), ASSIGNED_MESSAGE)));
      return null;
    }

    void writeTask(Task old, Task updated) {
      Task next = updated.withVersion(version);
      tasks().put(next.id(), next);
      if (book != null && old.isHoldingAddresses() && !next.isHoldingAddresses()) {
        book.releaseTask(old);
      }
      changes.add(Change.of(Change.Kind.TASK, next.id(), old, next));
    }

    private String nameTaken(String name, String exceptId) {
      for (Service s : services.values()) {
        if (s.spec().name().equals(name) && !s.id().equals(exceptId)) {
          return "service name " + name + " is already in use";
        }
      }
      return null;
    }

    /** expected 0 means "create": the object must not exist; otherwise it must exist at that version. */
    private static String checkVersion(String kind, String name, Version current, long expected) {
      if (expected == 0) {
        return current == null ? null : kind + " " + name + " already exists";
      }
      if (current == null) {
        return kind + " " + name + " not found";
      }
      if (current.index() != expected) {
        return "update out of sequence: " + kind + " " + name + " is at version " + current.index()
            + ", the update was based on version " + expected + " (read it again and retry)";
      }
      return null;
    }
  }
}
