package swarm.manager.dispatcher;

import java.util.Optional;
import swarm.core.object.Node;

/**
 * Which manager holds a node's session, as replicated in the node's status message while it is READY: {@code
 * "session open on manager <id>"}. The leader's {@link NodeHealthMonitor} trusts a READY node whose session another
 * live manager holds, so heartbeats never go through the log. Stateless.
 *
 * <p>TODO(swarm-core): a typed {@code Node.Status} field (e.g. {@code SessionManager}) would replace parsing the
 * message; the status message is the only free field of the current schema.
 */
final class SessionOwner {
  static final String PREFIX = "session open on manager ";
  static final String ANONYMOUS = "session open";

  private SessionOwner() {}

  /** The READY message for a session held by {@code managerId} (null: a dispatcher that does not know its id). */
  static String message(String managerId) {
    return managerId == null ? ANONYMOUS : PREFIX + managerId;
  }

  /** The manager holding the node's session, if the node is READY and says so. */
  static Optional<String> of(Node node) {
    if (node == null || !node.isReady() || node.status().message() == null
        || !node.status().message().startsWith(PREFIX)) {
      return Optional.empty();
    }
    return Optional.of(node.status().message().substring(PREFIX.length()));
  }

  /** Whether the node is READY with its session held by {@code managerId} (null matches the anonymous message). */
  static boolean isHeldBy(Node node, String managerId) {
    return node != null && node.isReady() && message(managerId).equals(node.status().message());
  }
}
