package swarm.manager.dispatcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.raft.Proposer;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;

/**
 * The manager side of worker sessions, in-process for now (one host; the Vert.x mutual-TLS session
 * comes with multi-host). {@link #open} registers the node (READY, description updated, role and
 * availability kept) and streams the node's full assignment set — every task placed on it that is
 * still stored — at once and after every change to it. Status reports are batched into the log.
 * Thread-safe: sessions are fed from one dispatcher thread, which also proposes the report batches.
 *
 * <p>TODO(heartbeats): sessions do not heartbeat yet, so a node never goes DOWN; with multi-host,
 * a node missing 3 heartbeat periods (or dropped by Hazelcast) must be set DOWN here. Also
 * TODO(multi-manager): only the leader's dispatcher should serve sessions; followers redirect.
 */
public final class Dispatcher implements DispatcherClient, AutoCloseable {
  private static final int REGISTER_ATTEMPTS = 5;

  private final Store store;
  private final Proposer proposer;
  private final Clock clock;
  private final Duration commitTimeout;
  private final ScheduledExecutorService thread;
  private final StatusBatcher batcher;

  public Dispatcher(Store store, Proposer proposer, Clock clock, Duration reportInterval, Duration commitTimeout) {
    this.store = store;
    this.proposer = proposer;
    this.clock = clock;
    this.commitTimeout = commitTimeout;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dispatcher");
      t.setDaemon(true);
      return t;
    });
    this.batcher = new StatusBatcher(proposer, thread, reportInterval);
  }

  @Override
  public Session open(String nodeId, Node.Description description, Consumer<Assignments> assignments) {
    register(nodeId, description);
    return new NodeSession(nodeId, store, thread, batcher, assignments);
  }

  /** Creates or refreshes the node object; retried when a concurrent write moved its version. */
  private void register(String nodeId, Node.Description description) {
    String conflict = null;
    for (int attempt = 0; attempt < REGISTER_ATTEMPTS; attempt++) {
      ClusterState state = store.current();
      Node old = state.nodes().get(nodeId);
      Instant now = clock.instant();
      Node.Status ready = new Node.Status(Node.State.READY, null,
          old != null && old.status() != null ? old.status().addr() : null);
      Node node = old == null
          ? new Node(nodeId, null, now, now, new Node.Spec(Node.Role.WORKER, Node.Availability.ACTIVE, null),
              description, ready, null)
          : new Node(nodeId, old.version(), old.createdAt(), now, old.spec(), description, ready, old.managerStatus());
      ApplyResult result = proposer.commit(CommandBatch.of(
          new StoreCommand.PutNode(node, old == null ? 0 : old.version().index())), commitTimeout);
      if (result.isOk()) {
        return;
      }
      conflict = result.conflict();
    }
    throw SwarmException.unavailable("cannot register node " + nodeId + ": " + conflict);
  }

  /** Every task placed on the node that is still stored, in a stable order. */
  static List<Task> assignmentsOf(ClusterState state, String nodeId) {
    return state.tasksOfNode(nodeId).stream().filter(t -> t.state().isAtLeast(TaskState.ASSIGNED)).toList();
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
