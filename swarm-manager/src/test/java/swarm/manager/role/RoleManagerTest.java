package swarm.manager.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.ManagerCluster.WAIT;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.object.Node;
import swarm.manager.Manager;
import swarm.manager.controlapi.NodeUpdate;
import swarm.manager.raft.RaftPeerAddress;
import swarm.manager.testing.ManagerCluster;

/** Three real managers: demoting through the control API changes the Raft group, the leader's demotion included. */
class RoleManagerTest {
  @TempDir
  Path root;

  private static NodeUpdate demote(Manager via, String nodeId) {
    Node n = via.controlApi().node(nodeId);
    return via.controlApi().updateNode(nodeId, n.version().index(),
        new Node.Spec(Node.Role.WORKER, n.spec().availability(), n.spec().labels()));
  }

  private static boolean member(Manager m, String nodeId) {
    return m.raftMembers().stream().map(RaftPeerAddress::peerId).anyMatch(nodeId::equals);
  }

  @Test
  void demotedManagersLeaveTheRaftGroupAndADemotedLeaderHandsOverFirst() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3)) {
      Manager leader = cluster.leader();
      Manager follower = cluster.followers().get(0);

      NodeUpdate u = demote(follower, follower.nodeId());
      assertThat(u.warnings()).singleElement().asString().contains("will not tolerate the loss of a manager");
      await().atMost(WAIT).until(() -> !member(leader, follower.nodeId()));
      await().atMost(WAIT).until(() -> leader.controlApi().node(follower.nodeId()).managerStatus() == null);
      cluster.stop(follower.nodeId());

      Manager other = cluster.running().stream().filter(m -> m != leader).findFirst().orElseThrow();
      demote(leader, leader.nodeId());
      await().atMost(WAIT).until(() -> other.isLeader() && !member(other, leader.nodeId()));
      assertThat(other.raftMembers()).extracting(RaftPeerAddress::peerId).containsExactly(other.nodeId());
      assertThat(other.controlApi().nodes()).filteredOn(n -> n.spec().role() == Node.Role.MANAGER)
          .extracting(Node::id).containsExactly(other.nodeId());
    }
  }
}
