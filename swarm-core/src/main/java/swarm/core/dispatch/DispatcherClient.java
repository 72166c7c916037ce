package swarm.core.dispatch;

import java.util.List;
import java.util.function.Consumer;
import swarm.core.object.Node;

/**
 * A worker's view of a manager's dispatcher: one session per node that streams the node's
 * assignments and takes its task status reports. In-process on a single host; over the network
 * (Vert.x, mutual TLS) once nodes join from other hosts.
 */
public interface DispatcherClient {
  /**
   * Registers the node's description and opens its session. {@code assignments} receives the
   * full set of tasks assigned to the node, at once and after every change (level-triggered).
   */
  Session open(String nodeId, Node.Description description, Consumer<Assignments> assignments);

  /**
   * Opens the session as {@link #open(String, Node.Description, Consumer)} does, and lets managers ask {@code logs}
   * for the logs of the node's tasks. A client that cannot carry log requests ignores {@code logs}.
   */
  default Session open(String nodeId, Node.Description description, Consumer<Assignments> assignments,
                       LogSource logs) {
    return open(nodeId, description, assignments);
  }

  /** An open session; closing it stops the assignment stream. Thread-safe. */
  interface Session extends AutoCloseable {
    /** Reports observed task states; the dispatcher batches them into the Raft log. */
    void report(List<TaskStatusReport> reports);

    @Override
    void close();
  }
}
