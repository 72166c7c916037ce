package swarm.manager.role;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import swarm.manager.raft.RaftNode;
import swarm.manager.raft.RaftPeerStatus;

/** The parts of the managers' Raft group the role manager changes; tests supply a fake. */
public interface RaftGroup {
  /** This manager's peer id (its node id). */
  String selfId();

  List<RaftPeerStatus> peers();

  CompletableFuture<Void> transferLeadership(String peerId, Duration timeout);

  CompletableFuture<Void> removePeer(String peerId);

  static RaftGroup of(RaftNode raft) {
    return new RaftGroup() {
      @Override
      public String selfId() {
        return raft.peerId();
      }

      @Override
      public List<RaftPeerStatus> peers() {
        return raft.peers();
      }

      @Override
      public CompletableFuture<Void> transferLeadership(String peerId, Duration timeout) {
        return raft.transferLeadership(peerId, timeout);
      }

      @Override
      public CompletableFuture<Void> removePeer(String peerId) {
        return raft.removePeer(peerId);
      }
    };
  }
}
