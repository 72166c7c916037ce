package swarm.manager.raft;

import java.time.Duration;

/**
 * Makes a read from the local store linearizable: {@link #await} returns once this manager has applied every entry
 * the group had committed when it was called (Raft's read index), so a change committed through any manager before
 * is visible here. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ReadBarrier {
  /** A lone store (one manager, or tests with an in-memory log): it always holds everything committed. */
  ReadBarrier LOCAL = timeout -> { };

  /**
   * @throws swarm.core.error.SwarmException UNAVAILABLE if no leader with a quorum confirms the read index within
   *     {@code timeout}
   */
  void await(Duration timeout);
}
