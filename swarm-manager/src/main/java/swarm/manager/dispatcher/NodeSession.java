package swarm.manager.dispatcher;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogSource;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.object.Task;
import swarm.manager.state.Change;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Watch;

/**
 * One node's open session on this manager: watches the store, and after any change touching the node's tasks or the
 * overlay networks (a network, a service, a node's address, a task on a network anywhere) pushes the node's full
 * assignment set with its {@link swarm.core.dispatch.NetworkView}s (only when it differs from the last one pushed). A remote session heartbeats
 * explicitly and expires when it stops; an in-process one counts as alive while open. Thread-safe; pushes happen on
 * the dispatcher thread, in order, coalesced under bursts.
 */
final class NodeSession implements DispatcherClient.Session {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

  private final Dispatcher dispatcher;
  private final String nodeId;
  private final Consumer<Assignments> listener;
  private final boolean heartbeatsImplicitly;
  private final Runnable onExpired;
  private final LogSource logs;
  private final AtomicBoolean pushQueued = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Watch watch;
  private Assignments lastPushed; // dispatcher thread only

  NodeSession(Dispatcher dispatcher, String nodeId, Consumer<Assignments> listener, boolean heartbeatsImplicitly,
              Runnable onExpired, LogSource logs) {
    this.dispatcher = dispatcher;
    this.nodeId = nodeId;
    this.listener = listener;
    this.heartbeatsImplicitly = heartbeatsImplicitly;
    this.onExpired = onExpired;
    this.logs = logs;
    this.watch = dispatcher.store().viewAndWatch(this::onApplied);
    queuePush();
  }

  String nodeId() {
    return nodeId;
  }

  boolean heartbeatsImplicitly() {
    return heartbeatsImplicitly;
  }

  /** Where the node answers log requests; empty if it registered none. */
  Optional<LogSource> logs() {
    return Optional.ofNullable(logs);
  }

  boolean isClosed() {
    return closed.get();
  }

  private void onApplied(ClusterState state, List<Change> changes) {
    if (changes.isEmpty() || changes.stream().anyMatch(this::concernsNode)) {
      queuePush();
    }
  }

  private boolean concernsNode(Change c) {
    if (c.kind() != Change.Kind.TASK) {
      return c.kind() != Change.Kind.CLUSTER;
    }
    return (c.before() instanceof Task b && (nodeId.equals(b.nodeId()) || !b.networks().isEmpty()))
        || (c.after() instanceof Task a && (nodeId.equals(a.nodeId()) || !a.networks().isEmpty()));
  }

  private void queuePush() {
    if (!closed.get() && pushQueued.compareAndSet(false, true)) {
      dispatcher.execute(this::push);
    }
  }

  private void push() {
    pushQueued.set(false);
    if (closed.get()) {
      return;
    }
    ClusterState state = dispatcher.store().current();
    List<Task> tasks = Dispatcher.assignmentsOf(state, nodeId);
    Assignments next = new Assignments(tasks, dispatcher.networkViews(state).forNode(tasks));
    if (next.equals(lastPushed)) {
      return;
    }
    lastPushed = next;
    try {
      listener.accept(next);
    } catch (RuntimeException e) {
      LOG.error("assignment listener of node {} failed", nodeId, e);
    }
  }

  /** The node is alive; returns the period to the next heartbeat. */
  Duration heartbeat() {
    requireOpen();
    return dispatcher.heartbeat(this);
  }

  @Override
  public void report(List<TaskStatusReport> reports) {
    requireOpen();
    dispatcher.batcher().add(reports);
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("session of node " + nodeId + " is closed");
    }
  }

  /** Ends the session, whether the node left, its connection dropped or it was replaced; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      watch.close();
      dispatcher.sessionClosed(this);
    }
  }

  /** Ends the session because its heartbeats stopped, and tells its transport (which closes the connection). */
  void expire() {
    if (!closed.get()) {
      LOG.info("session of node {} expired: no heartbeat for {} ms", nodeId, dispatcher.policy().grace().toMillis());
      close();
      try {
        onExpired.run();
      } catch (RuntimeException e) {
        LOG.warn("closing the expired session of node {} failed: {}", nodeId, e.toString());
      }
    }
  }
}
