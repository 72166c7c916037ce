package swarm.manager.raft;

/**
 * One member of the managers' Raft group as this manager sees it: what {@code node ls} shows as MANAGER STATUS
 * (Leader, Reachable, Unreachable). Immutable.
 *
 * @param peerId       the member's peer id (its node id)
 * @param address      its Raft address, {@code host:port}
 * @param leader       whether it is the current leader
 * @param reachability whether the leader heard from it recently; {@link Reachability#UNKNOWN} when no leader could be
 *                     asked (no quorum)
 */
public record RaftPeerStatus(String peerId, String address, boolean leader, Reachability reachability) {
  /** Swarm's {@code ManagerStatus.Reachability} values. */
  public enum Reachability {
    REACHABLE, UNREACHABLE, UNKNOWN;

    /** Docker's spelling in the API. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
