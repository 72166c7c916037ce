package swarm.manager.controlapi;

import swarm.core.error.SwarmException;
import swarm.core.object.Cluster;

/**
 * Replaces join tokens on {@code swarm update --rotate…}: given the cluster's CA (with its tokens), the same CA
 * with new secrets for the roles asked for. Rotating changes only the secret, never the CA digest. The CA
 * wiring supplies the implementation ({@code JoinTokens.rotate}); must be pure (no I/O), it runs on the API thread
 * before the change is committed.
 */
@FunctionalInterface
public interface TokenRotation {
  Cluster.RootCA rotate(Cluster.RootCA current, boolean worker, boolean manager);

  /** Until the CA is wired in: rotating is refused with 501. */
  TokenRotation UNSUPPORTED = (current, worker, manager) -> {
    throw new SwarmException(SwarmException.Kind.NOT_IMPLEMENTED, "rotating join tokens is not supported yet");
  };
}
