package swarm.manager.state;

import java.util.List;

/**
 * Receives every applied log entry's changes, in log order, on the thread that applies the log
 * (while the store's lock is held). Must return quickly and never call back into the store's write
 * path: hand work to your own thread. An empty change list means "the whole state was replaced"
 * (a snapshot was loaded): look at everything again.
 */
@FunctionalInterface
public interface StoreListener {
  void onApplied(ClusterState state, List<Change> changes);
}
