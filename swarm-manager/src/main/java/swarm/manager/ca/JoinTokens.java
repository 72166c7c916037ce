package swarm.manager.ca;

import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import swarm.core.object.Node;

/**
 * The swarm's two join tokens: one makes a joining node a worker, the other a manager. Both pin the same CA digest
 * and differ in their secrets. Immutable and thread-safe; rotation returns a new value.
 *
 * @param worker  the token {@code swarm join-token worker} prints
 * @param manager the token {@code swarm join-token manager} prints
 */
public record JoinTokens(JoinToken worker, JoinToken manager) {
  public JoinTokens {
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(manager, "manager");
    if (!MessageDigest.isEqual(worker.caDigest(), manager.caDigest())) {
      throw new IllegalArgumentException("the worker and manager tokens pin different CAs");
    }
    if (worker.secretEquals(manager)) {
      throw new IllegalArgumentException("the worker and manager tokens must have different secrets");
    }
  }

  public static JoinTokens generate(RootCa ca) {
    JoinToken worker = JoinToken.generate(ca);
    JoinToken manager = worker.rotate();
    return new JoinTokens(worker, manager);
  }

  public JoinToken forRole(Node.Role role) {
    return role == Node.Role.MANAGER ? manager : worker;
  }

  /** A new secret for {@code role}'s token; the other token is unchanged. */
  public JoinTokens rotate(Node.Role role) {
    return role == Node.Role.MANAGER ? new JoinTokens(worker, manager.rotate()) : new JoinTokens(worker.rotate(), manager);
  }

  /**
   * The role {@code presented} grants, or empty if it is neither token. Compares the presented token with both tokens
   * in constant time, always both, so the time taken says nothing about which part matched.
   */
  public Optional<Node.Role> roleOf(JoinToken presented) {
    boolean isWorker = worker.equals(presented);
    boolean isManager = manager.equals(presented);
    return isManager ? Optional.of(Node.Role.MANAGER) : isWorker ? Optional.of(Node.Role.WORKER) : Optional.empty();
  }
}
