package swarm.manager.controller;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import swarm.core.log.StoreCommand;
import swarm.manager.state.ClusterState;

/**
 * One leader-only controller, level-triggered and idempotent: given the state and the time, the
 * commands that move actual state toward desired state (empty when converged). Running it twice
 * on the same state proposes the same work, so a missed event or a new leader simply converges on
 * the next pass. Implementations are stateless, so any thread may call them.
 */
public interface Controller {
  List<StoreCommand> reconcile(ClusterState state, Instant now);

  /** The earliest future time this controller has work even if nothing changes (a restart delay). */
  default Optional<Instant> nextDeadline(ClusterState state, Instant now) {
    return Optional.empty();
  }
}
