package swarm.manager.raft;

import java.util.Objects;

/**
 * A member of the managers' Raft group as others dial it: its peer id (the node id) and its Raft address
 * ({@code host:port}). Immutable.
 */
public record RaftPeerAddress(String peerId, String address) {
  public RaftPeerAddress {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(address, "address");
  }
}
