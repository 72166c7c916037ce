package swarm.manager.raft;

/**
 * Told when this manager becomes the ready leader (its first entry of the term is applied, so the
 * store is up to date) and when it stops being leader. Called on one dedicated thread, in order;
 * implementations may block briefly but should hand long work to their own threads.
 */
public interface LeadershipListener {
  void onLeaderReady();

  void onLeadershipLost();
}
