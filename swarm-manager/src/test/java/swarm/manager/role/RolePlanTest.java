package swarm.manager.role;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.manager.raft.RaftPeerStatus;
import swarm.manager.raft.RaftPeerStatus.Reachability;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

class RolePlanTest {
  private static RaftPeerStatus peer(String id, boolean leader, Reachability r) {
    return new RaftPeerStatus(id, id + ":4001", leader, r);
  }

  private static final List<RaftPeerStatus> THREE = List.of(peer("m1", true, Reachability.REACHABLE),
      peer("m2", false, Reachability.REACHABLE), peer("m3", false, Reachability.REACHABLE));

  private static StateBuilder three() {
    return StateBuilder.state().managerNode("m1").managerNode("m2").managerNode("m3").readyNode("w1");
  }

  @Test
  void convergedGroupNeedsNothing() {
    RolePlan plan = RolePlan.of(three().build(), THREE, "m1", T0);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.promotions()).isEmpty();
  }

  @Test
  void aDemotedFollowerIsRemovedFromTheGroup() {
    ClusterState s = three().nodeSpec("m3", Node.Role.WORKER, Node.Availability.ACTIVE).build();
    assertThat(RolePlan.of(s, THREE, "m1", T0).raftChange()).contains(new RolePlan.RemoveMember("m3"));
  }

  @Test
  void aDemotedLeaderHandsLeadershipToAReachableManagerFirst() {
    ClusterState s = three().nodeSpec("m1", Node.Role.WORKER, Node.Availability.ACTIVE).build();
    List<RaftPeerStatus> m2Unreachable = List.of(peer("m1", true, Reachability.REACHABLE),
        peer("m2", false, Reachability.UNREACHABLE), peer("m3", false, Reachability.REACHABLE));

    assertThat(RolePlan.of(s, m2Unreachable, "m1", T0).raftChange())
        .contains(new RolePlan.TransferLeadership("m3", "m1"));
  }

  @Test
  void theLastMemberIsNeverRemoved() {
    ClusterState s = StateBuilder.state().managerNode("m1").nodeSpec("m1", Node.Role.WORKER, Node.Availability.ACTIVE)
        .build();
    RolePlan plan = RolePlan.of(s, List.of(peer("m1", true, Reachability.REACHABLE)), "m1", T0);
    assertThat(plan.raftChange()).isEmpty();
    assertThat(plan.waiting()).singleElement().asString().contains("last manager");
  }

  @Test
  void aRemovalThatWouldLoseTheReachableQuorumWaits() {
    ClusterState s = three().nodeSpec("m2", Node.Role.WORKER, Node.Availability.ACTIVE).build();
    List<RaftPeerStatus> m3Unreachable = List.of(peer("m1", true, Reachability.REACHABLE),
        peer("m2", false, Reachability.REACHABLE), peer("m3", false, Reachability.UNREACHABLE));

    RolePlan plan = RolePlan.of(s, m3Unreachable, "m1", T0);
    assertThat(plan.raftChange()).isEmpty();
    assertThat(plan.waiting()).singleElement().asString().contains("quorum");
    // The unreachable one itself may go: the two reachable members remain a majority of two.
    ClusterState m3Demoted = three().nodeSpec("m3", Node.Role.WORKER, Node.Availability.ACTIVE).build();
    assertThat(RolePlan.of(m3Demoted, m3Unreachable, "m1", T0).raftChange())
        .contains(new RolePlan.RemoveMember("m3"));
  }

  @Test
  void aDemotedNodeOutOfTheGroupLosesItsStaleManagerStatus() {
    ClusterState s = three().nodeSpec("m3", Node.Role.WORKER, Node.Availability.ACTIVE).build();
    RolePlan plan = RolePlan.of(s, THREE.subList(0, 2), "m1", T0);

    assertThat(plan.raftChange()).isEmpty();
    assertThat(plan.storeCommands()).singleElement().isInstanceOfSatisfying(StoreCommand.PutNode.class, c -> {
      assertThat(c.node().id()).isEqualTo("m3");
      assertThat(c.node().managerStatus()).isNull();
    });
  }

  @Test
  void aPromotedNodeIsReportedAndAJoiningMemberLeftAlone() {
    ClusterState s = three().nodeSpec("w1", Node.Role.MANAGER, Node.Availability.ACTIVE).build();
    List<RaftPeerStatus> withJoining = new java.util.ArrayList<>(THREE);
    withJoining.add(peer("m4", false, Reachability.REACHABLE)); // in the group, its node not recorded yet

    RolePlan plan = RolePlan.of(s, withJoining, "m1", T0);
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.promotions()).containsExactly("w1");
  }
}
