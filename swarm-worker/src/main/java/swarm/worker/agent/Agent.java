package swarm.worker.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogSource;
import swarm.core.dispatch.NetworkView;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.ContainerSpec;
import swarm.worker.exec.Containers;
import swarm.worker.exec.TaskExecutor;

/**
 * The worker's agent: holds the node's dispatcher session and reconciles the assigned tasks (the
 * truth) against the node's containers, level-triggered. New tasks get a {@link TaskExecutor};
 * changed ones are pushed to theirs; tasks no longer assigned are stopped and removed; local
 * containers that belong to no assigned task (left by an earlier daemon) are stopped and removed,
 * while those of assigned tasks are adopted by their executor, never started twice.
 *
 * <p>Threading: reconcile decisions run on one event-loop thread, so the executor map needs no
 * lock; blocking work (runtime calls) runs on a separate pool. Closing stops the loop and the
 * session but leaves containers running, for the next daemon to adopt.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final String nodeId;
  private final Containers containers;
  private final Clock clock;
  private final ExecutorService loop;
  private final ExecutorService blocking;
  private final Consumer<List<NetworkView>> networkViews;
  private final Map<String, TaskExecutor> executors = new HashMap<>();
  private final Set<String> removing = new HashSet<>();
  private volatile DispatcherClient.Session session;
  private volatile List<TaskExecutor> snapshot = List.of();

  public Agent(String nodeId, Containers containers, Clock clock) {
    this(nodeId, containers, clock, views -> { });
  }

  /**
   * @param networkViews given the managers' views of the node's networks on every assignment push, on the loop
   *     thread before the tasks are reconciled, so a task's network is known before its container is prepared
   *     (the overlay data plane: {@code OverlayNetworks::update})
   */
  public Agent(String nodeId, Containers containers, Clock clock, Consumer<List<NetworkView>> networkViews) {
    this.nodeId = nodeId;
    this.networkViews = networkViews;
    this.containers = containers;
    this.clock = clock;
    this.loop = Executors.newSingleThreadExecutor(r -> thread(r, "agent-loop-" + nodeId));
    this.blocking = Executors.newCachedThreadPool(r -> thread(r, "agent-task-" + nodeId));
  }

  /** Opens the session; assignments then arrive on the dispatcher's thread and are reconciled on the loop. */
  public void start(DispatcherClient dispatcher, Node.Description description) {
    start(dispatcher, description, null);
  }

  /** As {@link #start(DispatcherClient, Node.Description)}; managers ask {@code logs} for the tasks' logs. */
  public void start(DispatcherClient dispatcher, Node.Description description, LogSource logs) {
    Consumer<Assignments> onAssignments = a -> {
      if (!loop.isShutdown()) {
        loop.execute(() -> reconcile(a));
      }
    };
    session = logs == null ? dispatcher.open(nodeId, description, onAssignments)
        : dispatcher.open(nodeId, description, onAssignments, logs);
  }

  /** The executors of tasks currently handled, a snapshot safe to read from any thread. */
  public List<TaskExecutor> executors() {
    return snapshot;
  }

  private void reconcile(Assignments assignments) {
    if (session == null) {
      // The first assignments can arrive inside open(), before it returned the session.
      loop.execute(() -> reconcile(assignments));
      return;
    }
    try {
      networkViews.accept(assignments.networks());
    } catch (RuntimeException e) {
      LOG.warn("cannot apply the networks' views: {}", e.getMessage());
    }
    Set<String> assigned = new HashSet<>();
    Set<String> local;
    try {
      local = containers.list();
    } catch (RuntimeException e) {
      LOG.warn("cannot list local containers: {}", e.getMessage());
      local = Set.of();
    }
    for (Task t : assignments.tasks()) {
      assigned.add(t.id());
      TaskExecutor ex = executors.get(t.id());
      if (ex == null) {
        if (removing.contains(t.id()) || (t.state().isTerminal() && !local.contains(t.id()))) {
          continue; // finished and cleaned up: nothing left to do for it here
        }
        ex = new TaskExecutor(t, containers, r -> session.report(List.of(r)), blocking, clock);
        executors.put(t.id(), ex);
        watchGone(ex);
      }
      ex.update(t);
    }
    for (TaskExecutor ex : executors.values()) {
      if (!assigned.contains(ex.id())) {
        ex.orphan();
      }
    }
    for (String id : local) {
      if (!assigned.contains(id) && !executors.containsKey(id) && removing.add(id)) {
        blocking.execute(() -> removeOrphan(id));
      }
    }
    snapshot = List.copyOf(executors.values());
  }

  private void watchGone(TaskExecutor ex) {
    ex.gone().thenRun(() -> {
      if (!loop.isShutdown()) {
        loop.execute(() -> {
          executors.remove(ex.id(), ex);
          snapshot = List.copyOf(executors.values());
        });
      }
    });
  }

  /** A container no assigned task owns, e.g. left by a daemon that died: stop it politely, then remove it. */
  private void removeOrphan(String id) {
    try {
      ContainerSpec spec = containers.taskOf(id).map(t -> t.spec().containerSpec()).orElse(null);
      String signal = spec == null ? "SIGTERM" : spec.stopSignal();
      Duration grace = spec == null ? ContainerSpec.DEFAULT_STOP_GRACE : spec.stopGrace();
      LOG.info("removing container {}: its task is not assigned to this node", id);
      containers.stop(id, signal, grace);
      containers.remove(id);
    } catch (RuntimeException e) {
      LOG.warn("cannot remove orphaned container {}: {}", id, e.getMessage());
    } finally {
      if (!loop.isShutdown()) {
        loop.execute(() -> removing.remove(id));
      }
    }
  }

  /**
   * Leaving the swarm: ends the session, then stops and removes every container of this node as if
   * nothing were assigned any more, waits up to {@code timeout} for that, and closes.
   */
  public void leave(Duration timeout) {
    DispatcherClient.Session s = session;
    if (s != null) {
      s.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        java.util.concurrent.CompletableFuture<Boolean> done = new java.util.concurrent.CompletableFuture<>();
        loop.execute(() -> {
          reconcile(new Assignments(List.of()));
          done.complete(executors.isEmpty() && removing.isEmpty());
        });
        if (done.get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
        Thread.sleep(200); // containers stop within their grace periods; look again
      }
    } catch (Exception e) {
      LOG.warn("leaving: not every container was removed: {}", e.toString());
    }
    close();
  }

  /** Stops the session and the loop; containers keep running for the next daemon to adopt. */
  @Override
  public void close() {
    DispatcherClient.Session s = session;
    if (s != null) {
      s.close();
    }
    loop.shutdownNow();
    blocking.shutdownNow();
    try {
      blocking.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static boolean isRunning(TaskExecutor ex) {
    return ex.state() == TaskState.RUNNING;
  }
}
