package swarm.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.ManagerCluster.WAIT;
import static swarm.manager.testing.StateBuilder.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;
import swarm.core.object.Service;
import swarm.manager.raft.RaftPeerAddress;
import swarm.manager.raft.RaftPeerStatus;
import swarm.manager.raft.RaftPeerStatus.Reachability;
import swarm.manager.testing.ManagerCluster;

/** Three real managers in one Ratis group, in one JVM: membership, reads and writes anywhere, failover, quorum. */
class ManagerGroupTest {
  @TempDir
  Path root;

  private static List<String> serviceNames(Manager m) {
    return m.controlApi().services().stream().map(s -> s.spec().name()).toList();
  }

  /** Creates a service; a timed-out attempt may still have committed, so "name in use" also means created. */
  private static boolean created(Manager m, String name) {
    try {
      m.controlApi().createService(spec(name, 0));
      return true;
    } catch (SwarmException e) {
      return e.kind() == SwarmException.Kind.CONFLICT;
    }
  }

  @Test
  void threeManagersFormOneGroupAndAllSeeTheSameState() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3)) {
      Manager leader = cluster.leader();
      leader.controlApi().createService(spec("web", 0));

      for (Manager m : cluster.running()) {
        assertThat(m.raftMembers()).extracting(RaftPeerAddress::peerId).containsExactly("m1", "m2", "m3");
        assertThat(serviceNames(m)).containsExactly("web");
        assertThat(m.controlApi().nodes()).extracting(n -> n.spec().role().wire())
            .containsExactly("manager", "manager", "manager");
      }
      await().atMost(WAIT).untilAsserted(() -> {
        for (Manager m : cluster.running()) {
          List<RaftPeerStatus> managers = m.managers();
          assertThat(managers).extracting(RaftPeerStatus::peerId).containsExactly("m1", "m2", "m3");
          assertThat(managers).filteredOn(RaftPeerStatus::leader).extracting(RaftPeerStatus::peerId)
              .containsExactly(leader.nodeId());
          assertThat(managers).extracting(RaftPeerStatus::reachability).containsOnly(Reachability.REACHABLE);
        }
      });
    }
  }

  @Test
  void aServiceCreatedOnAFollowerIsAtOnceVisibleOnEveryManager() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3)) {
      List<Manager> followers = cluster.followers();

      Service created = followers.get(0).controlApi().createService(spec("api", 0));

      // No waiting: reads on every manager pass a read index, so they see what committed before them.
      for (Manager m : cluster.running()) {
        assertThat(m.controlApi().service("api").id()).isEqualTo(created.id());
      }
      followers.get(1).controlApi().removeService("api");
      for (Manager m : cluster.running()) {
        assertThat(serviceNames(m)).isEmpty();
      }
    }
  }

  @Test
  void newManagersCatchUpBySnapshotWhenTheLogWasPurged() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 1,
        (id, cfg) -> cfg.withSnapshotInterval(5).withRaftSegmentBytes(1 << 10))) {
      Manager first = cluster.manager("m1");
      for (int i = 0; i < 12; i++) {
        first.controlApi().createService(spec("svc" + i, 0));
      }
      await().atMost(WAIT).until(() -> first.store().current().index() > 12);

      Manager second = cluster.join("m2");
      Manager third = cluster.join("m3");

      assertThat(serviceNames(second)).hasSize(12).isEqualTo(serviceNames(first));
      assertThat(serviceNames(third)).isEqualTo(serviceNames(first));
    }
  }

  @Test
  void killedLeaderIsReplacedAndNoServiceIsLost() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3)) {
      Manager oldLeader = cluster.leader();
      oldLeader.controlApi().createService(spec("before", 0));
      String oldId = oldLeader.nodeId();

      cluster.stop(oldId);
      Manager newLeader = cluster.leader();
      assertThat(newLeader.nodeId()).isNotEqualTo(oldId);
      for (Manager m : cluster.running()) {
        m.controlApi().createService(spec("after-" + m.nodeId(), 0));
      }
      for (Manager m : cluster.running()) {
        assertThat(serviceNames(m)).hasSize(3).contains("before");
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(newLeader.managers())
          .filteredOn(s -> s.peerId().equals(oldId)).extracting(RaftPeerStatus::reachability)
          .containsExactly(Reachability.UNREACHABLE));

      Manager back = cluster.restart(oldId);

      await().atMost(WAIT).untilAsserted(() -> assertThat(back.store().current().services()).hasSize(3));
      assertThat(serviceNames(back)).isEqualTo(serviceNames(newLeader));
      assertThat(cluster.leader()).isNotNull();
      await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.leader().managers())
          .extracting(RaftPeerStatus::reachability).containsOnly(Reachability.REACHABLE));
    }
  }

  @Test
  void onlyTheLeaderRunsControllersAndTheyFollowLeadership() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3)) {
      Manager leader = cluster.leader();
      await().atMost(WAIT).until(() -> cluster.running().stream().filter(Manager::controllersActive).toList(),
          active -> active.equals(List.of(leader)));
      Manager next = cluster.followers().get(0);

      leader.transferLeadership(next.nodeId());

      await().atMost(WAIT).until(() -> cluster.running().stream().filter(Manager::controllersActive).toList(),
          active -> active.equals(List.of(next)));
      assertThat(cluster.leader()).isSameAs(next);
      // The new leader's controllers reconcile from scratch: a service created now gets its tasks.
      next.controlApi().createService(spec("web", 2));
      await().atMost(WAIT).until(() -> leader.controlApi().tasks("web", null, null).size() == 2);
    }
  }

  @Test
  void managersCanBeRemovedButNotTheLastOne() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3)) {
      Manager leader = cluster.leader();
      Manager follower = cluster.followers().get(0);

      leader.removeManager(follower.nodeId());
      cluster.stop(follower.nodeId());

      assertThat(leader.raftMembers()).hasSize(2).noneMatch(p -> p.peerId().equals(follower.nodeId()));
      Manager other = cluster.followers().get(0);
      other.controlApi().createService(spec("two-left", 0));
      assertThat(serviceNames(leader)).containsExactly("two-left");

      // Removing the leader itself: it steps down and the last member carries on alone.
      other.removeManager(leader.nodeId());
      cluster.stop(leader.nodeId());
      await().atMost(WAIT).until(other::isLeader);
      assertThat(other.raftMembers()).extracting(RaftPeerAddress::peerId).containsExactly(other.nodeId());
      other.controlApi().createService(spec("alone", 0));

      assertThatThrownBy(() -> other.removeManager(other.nodeId()))
          .isInstanceOfSatisfying(SwarmException.class, e -> {
            assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID);
            assertThat(e.getMessage()).startsWith("cannot remove the last manager");
          });
      assertThatThrownBy(() -> other.removeManager("m9"))
          .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.NOT_FOUND));
    }
  }

  @Test
  void aManagerCutOffFromTheMajorityRefusesWritesWithinTheCommitTimeout() {
    try (ManagerCluster cluster = ManagerCluster.start(root, 3,
        (id, cfg) -> cfg.withCommitTimeout(Duration.ofSeconds(2)))) {
      cluster.leader().controlApi().createService(spec("kept", 0));
      Manager last = cluster.manager("m3");

      cluster.stop("m1");
      cluster.stop("m2");

      assertThatThrownBy(() -> last.controlApi().createService(spec("refused", 0)))
          .isInstanceOfSatisfying(SwarmException.class, e -> {
            assertThat(e.kind()).isEqualTo(SwarmException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("no quorum: the swarm has no leader reachable from this manager");
          });
      // Still refused on the next try (the client that gave up was replaced, not left broken).
      assertThatThrownBy(() -> last.controlApi().createService(spec("refused", 0)))
          .isInstanceOf(SwarmException.class).hasMessageStartingWith("no quorum");
      assertThat(last.store().current().serviceByName("kept")).isPresent();

      // A quorum comes back: writes go through again, on the same manager.
      cluster.restart("m1");
      await().atMost(WAIT).until(() -> created(last, "back"));
      assertThat(serviceNames(cluster.manager("m1"))).contains("kept", "back");
    }
  }
}
