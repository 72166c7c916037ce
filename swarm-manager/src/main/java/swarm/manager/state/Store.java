package swarm.manager.state;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;

/**
 * Holds the current {@link ClusterState} and publishes each applied entry's changes to
 * listeners (swarmkit's MemoryStore + watch queue). Thread-safe: writes ({@link #apply},
 * {@link #reset}) and subscriptions are serialised on one lock, so {@link #viewAndWatch} sees a
 * state and every change after it with nothing in between; reads of {@link #current()} are
 * lock-free (volatile).
 */
public final class Store {
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);

  private final Object lock = new Object();
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterState state = ClusterState.EMPTY;

  public ClusterState current() {
    return state;
  }

  /** Applies one committed log entry and tells the listeners. */
  public ApplyResult apply(CommandBatch batch, long index) {
    synchronized (lock) {
      StateApplier.Result r = StateApplier.apply(state, batch, index);
      state = r.state();
      lock.notifyAll();
      if (!r.changes().isEmpty()) {
        publish(r.state(), r.changes());
      }
      return r.result();
    }
  }

  /** Replaces the whole state (a snapshot was loaded); listeners get an empty change list. */
  public void reset(ClusterState newState) {
    synchronized (lock) {
      state = newState;
      lock.notifyAll();
      publish(newState, List.of());
    }
  }

  /** Moves the applied index without a state change (Raft configuration and no-op entries). */
  public void advanceIndex(long index) {
    synchronized (lock) {
      if (index > state.index()) {
        ClusterState s = state;
        state = s.withIndex(index);
        lock.notifyAll();
      }
    }
  }

  /** The current state and a subscription to every change after it, in one atomic step. */
  public Watch viewAndWatch(StoreListener listener) {
    synchronized (lock) {
      listeners.add(listener);
      return new Watch(state, () -> listeners.remove(listener));
    }
  }

  /** Waits until the entry at {@code index} is applied here; false on timeout. */
  public boolean awaitIndex(long index, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (state.index() < index) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void publish(ClusterState s, List<Change> changes) {
    for (StoreListener l : listeners) {
      try {
        l.onApplied(s, changes);
      } catch (RuntimeException e) {
        LOG.error("store listener {} failed at index {}", l, s.index(), e);
      }
    }
  }
}
