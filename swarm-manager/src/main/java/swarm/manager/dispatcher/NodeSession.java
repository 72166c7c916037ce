package swarm.manager.dispatcher;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.TaskStatusReport;
import swarm.manager.state.Change;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.manager.state.Watch;
import swarm.core.object.Task;

/**
 * One node's open session: watches the store, and after any change touching the node's tasks
 * pushes the node's full assignment set (only when it differs from the last one pushed).
 * Thread-safe; pushes happen on the dispatcher thread, in order, coalesced under bursts.
 */
final class NodeSession implements DispatcherClient.Session {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);

  private final String nodeId;
  private final Store store;
  private final Executor thread;
  private final StatusBatcher batcher;
  private final Consumer<Assignments> listener;
  private final AtomicBoolean pushQueued = new AtomicBoolean();
  private final Watch watch;
  private volatile boolean closed;
  private List<Task> lastPushed; // dispatcher thread only

  NodeSession(String nodeId, Store store, Executor thread, StatusBatcher batcher, Consumer<Assignments> listener) {
    this.nodeId = nodeId;
    this.store = store;
    this.thread = thread;
    this.batcher = batcher;
    this.listener = listener;
    this.watch = store.viewAndWatch(this::onApplied);
    queuePush();
  }

  private void onApplied(ClusterState state, List<Change> changes) {
    if (changes.isEmpty() || changes.stream().anyMatch(this::concernsNode)) {
      queuePush();
    }
  }

  private boolean concernsNode(Change c) {
    return c.kind() == Change.Kind.TASK
        && ((c.before() instanceof Task b && nodeId.equals(b.nodeId()))
        || (c.after() instanceof Task a && nodeId.equals(a.nodeId())));
  }

  private void queuePush() {
    if (!closed && pushQueued.compareAndSet(false, true)) {
      thread.execute(this::push);
    }
  }

  private void push() {
    pushQueued.set(false);
    if (closed) {
      return;
    }
    List<Task> tasks = Dispatcher.assignmentsOf(store.current(), nodeId);
    if (tasks.equals(lastPushed)) {
      return;
    }
    lastPushed = tasks;
    try {
      listener.accept(new Assignments(tasks));
    } catch (RuntimeException e) {
      LOG.error("assignment listener of node {} failed", nodeId, e);
    }
  }

  @Override
  public void report(List<TaskStatusReport> reports) {
    if (closed) {
      throw new IllegalStateException("session of node " + nodeId + " is closed");
    }
    batcher.add(reports);
  }

  @Override
  public void close() {
    closed = true;
    watch.close();
  }
}
