package swarm.manager.raft;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import swarm.core.error.SwarmException;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;

/**
 * Proposes a batch of store commands as one log entry; the future completes once the entry is
 * committed and applied, with the applier's verdict. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Proposer {
  CompletableFuture<ApplyResult> submit(CommandBatch batch);

  /**
   * Submits and waits. A refused batch is returned, not thrown: callers decide what a conflict means.
   *
   * @throws SwarmException UNAVAILABLE when the entry is not committed within {@code timeout}
   *     (no leader, no quorum: {@link #noQuorum}) or the log rejected it
   */
  default ApplyResult commit(CommandBatch batch, Duration timeout) {
    try {
      return submit(batch).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw noQuorum(timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SwarmException se) {
        throw se;
      }
      throw SwarmException.unavailable("the swarm could not commit the change: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted while waiting for the swarm to commit the change");
    }
  }

  /** What a manager cut off from the majority of managers answers, after {@code waited}. */
  static SwarmException noQuorum(Duration waited) {
    return SwarmException.unavailable("no quorum: the swarm has no leader reachable from this manager (waited "
        + waited.toMillis() + " ms); a majority of the managers must be running and connected to change anything."
        + " Running tasks are not affected");
  }
}
