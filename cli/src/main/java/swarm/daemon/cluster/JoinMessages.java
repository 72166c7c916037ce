package swarm.daemon.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import swarm.core.object.Node;
import swarm.manager.raft.RaftPeerAddress;

/** The bodies of {@code POST /swarm-ext/join} and {@code /swarm-ext/renew} on the cluster port. */
public final class JoinMessages {
  private JoinMessages() {}

  /** A host asking to join: the token authenticates it; the CSR's key becomes its identity. */
  public record JoinRequest(String token, @JsonProperty("CSR") String csr, String hostname, String advertiseAddr) {}

  /**
   * What the joining host needs: the node id the swarm gave it, its certificate and role, the managers,
   * and every admitted node's address (the allow-list of its membership port).
   */
  public record JoinResponse(@JsonProperty("NodeID") String nodeId, String certificate, Node.Role role, @JsonProperty("ClusterID") String clusterId,
                             List<String> managers, @JsonProperty("RaftGroupID") String raftGroupId,
                             List<RaftPeerAddress> raftMembers, List<String> nodeAddrs) {}

  /** A node renewing its certificate (authenticated by its current one). */
  public record RenewRequest(@JsonProperty("CSR") String csr) {}

  public record RenewResponse(String certificate, Node.Role role) {}
}
