package swarm.manager.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.manager.raft.Proposer;
import swarm.manager.state.Store;

/** A log of one, in memory: applies each batch to the store at the next index, at once. Thread-safe. */
public final class LocalProposer implements Proposer {
  private final Store store;
  private final AtomicLong index = new AtomicLong();

  public LocalProposer(Store store) {
    this.store = store;
    index.set(store.current().index());
  }

  @Override
  public synchronized CompletableFuture<ApplyResult> submit(CommandBatch batch) {
    return CompletableFuture.completedFuture(store.apply(batch, index.incrementAndGet()));
  }
}
