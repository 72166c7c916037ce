package swarm.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.core.object.TaskState;
import swarm.core.spec.Resources;
import swarm.manager.state.ClusterState;
import swarm.manager.raft.ReadBarrier;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

/** Node and cluster settings changes through the control API, over an in-memory log. */
class ControlApiNodesTest {
  private final MutableClock clock = new MutableClock(T0.plusSeconds(100));
  private final Store store = new Store();
  private Set<String> raftMembers = Set.of();
  private ControlApi api;

  private ControlApi api(StateBuilder state) {
    return api(state, TokenRotation.UNSUPPORTED);
  }

  private ControlApi api(StateBuilder state, TokenRotation rotation) {
    store.reset(state.build());
    api = new ControlApi(store, new LocalProposer(store), ReadBarrier.LOCAL, clock, Duration.ofSeconds(1),
        id -> raftMembers.contains(id), rotation);
    return api;
  }

  private static StateBuilder managers(int count) {
    StateBuilder s = StateBuilder.state();
    for (int i = 1; i <= count; i++) {
      s.managerNode("m" + i);
    }
    return s.readyNode("w1");
  }

  private static Node.Spec nodeSpec(Node.Role role, Node.Availability availability) {
    return new Node.Spec(role, availability, Map.of());
  }

  private long version(String id) {
    return store.current().nodes().get(id).version().index();
  }

  @Test
  void drainingANodeIsRecordedAndVersionChecked() {
    api(managers(1));
    NodeUpdate u = api.updateNode("w1-host", version("w1"),
        new Node.Spec(Node.Role.WORKER, Node.Availability.DRAIN, Map.of("zone", "a")));

    assertThat(u.node().spec().availability()).isEqualTo(Node.Availability.DRAIN);
    assertThat(u.node().spec().labels()).containsEntry("zone", "a");
    assertThat(u.warnings()).isEmpty();
    assertThatThrownBy(() -> api.updateNode("w1", 2, nodeSpec(Node.Role.WORKER, Node.Availability.ACTIVE)))
        .isInstanceOf(SwarmException.class).hasMessageContaining("update out of sequence")
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.CONFLICT);
  }

  @Test
  void aNodeUpdateBasedOnVersionZeroIsOutOfSequenceNotACreate() {
    api(managers(1));
    assertThatThrownBy(() -> api.updateNode("w1", 0, nodeSpec(Node.Role.WORKER, Node.Availability.DRAIN)))
        .isInstanceOf(SwarmException.class).hasMessageContaining("update out of sequence")
        .hasMessageContaining("based on version 0").hasMessageNotContaining("already exists")
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.CONFLICT);
  }

  @Test
  void demotingTheLastManagerIsRefused() {
    api(managers(1));
    assertThatThrownBy(() -> api.updateNode("m1", version("m1"), nodeSpec(Node.Role.WORKER, Node.Availability.ACTIVE)))
        .isInstanceOf(SwarmException.class).hasMessage("attempting to demote the last manager of the swarm")
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.INVALID);
  }

  @Test
  void demotingToTwoManagersWarnsThatNoLossIsTolerated() {
    api(managers(3));
    NodeUpdate u = api.updateNode("m3", version("m3"), nodeSpec(Node.Role.WORKER, Node.Availability.ACTIVE));

    assertThat(u.node().spec().role()).isEqualTo(Node.Role.WORKER);
    assertThat(u.warnings()).singleElement().asString()
        .startsWith("the swarm will not tolerate the loss of a manager: with 2 managers both are needed");
  }

  @Test
  void promotingTheSecondManagerWarnsToo() {
    api(managers(1));
    NodeUpdate u = api.updateNode("w1", version("w1"), nodeSpec(Node.Role.MANAGER, Node.Availability.ACTIVE));
    assertThat(u.warnings()).singleElement().asString().contains("will not tolerate the loss of a manager");

    assertThat(ManagerQuorum.warnings(2, 3)).isEmpty();
    assertThat(ManagerQuorum.warnings(3, 4)).singleElement().asString().contains("odd number");
    assertThat(ManagerQuorum.warnings(5, 4)).singleElement().asString()
        .isEqualTo("the swarm now tolerates the loss of 1 manager instead of 2");
  }

  @Test
  void aNodeThatIsNotDownIsRemovedOnlyWithForce() {
    api(managers(1).service("s1", spec("web", 1)).task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "w1"));
    assertThatThrownBy(() -> api.removeNode("w1-host", false))
        .hasMessage("node w1-host is not down and can't be removed (use --force)");

    api.removeNode("w1-host", true);

    ClusterState s = store.current();
    assertThat(s.nodes()).doesNotContainKey("w1");
    assertThat(s.cluster().removedNodes()).containsExactly("w1");
    assertThat(s.cluster().isRemoved("w1")).isTrue();
    assertThat(s.tasks().values()).singleElement().satisfies(t -> {
      assertThat(t.state()).isEqualTo(TaskState.ORPHANED);
      assertThat(t.status().message()).isEqualTo(ControlApi.NODE_REMOVED);
    });
  }

  @Test
  void aDownNodeIsRemovedWithoutForce() {
    api(StateBuilder.state().managerNode("m1")
        .node("w2", Node.State.DOWN, Node.Availability.ACTIVE, Resources.NONE));
    api.removeNode("w2", false);
    assertThat(store.current().nodes()).containsOnlyKeys("m1");
  }

  @Test
  void aManagerMustBeDemotedBeforeRemoval() {
    api(managers(2));
    String expected = "node m2 is a cluster manager and is a member of the raft cluster. It must be demoted to worker"
        + " before removal";
    assertThatThrownBy(() -> api.removeNode("m2", true)).hasMessage(expected);

    // Demoted, but the role manager has not taken it out of the Raft group yet: still refused.
    raftMembers = Set.of("m1", "m2");
    api.updateNode("m2", version("m2"), nodeSpec(Node.Role.WORKER, Node.Availability.ACTIVE));
    assertThatThrownBy(() -> api.removeNode("m2", true)).hasMessage(expected);
    raftMembers = Set.of("m1");
    api.removeNode("m2", true);
    assertThat(store.current().nodes()).doesNotContainKey("m2");
  }

  @Test
  void clusterSettingsAreValidatedAllAtOnceThenStored() {
    api(managers(1));
    long version = store.current().cluster().version().index();
    Cluster.Spec bad = new Cluster.Spec(null, new Cluster.Orchestration(-1L), null, new Cluster.Dispatcher(0L),
        new Cluster.CaConfig(Duration.ofMinutes(30).toNanos()));
    assertThatThrownBy(() -> api.updateCluster(version, bad, false, false))
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.problems()).hasSize(3));

    Cluster.Spec good = new Cluster.Spec(null, new Cluster.Orchestration(2L), null,
        new Cluster.Dispatcher(Duration.ofSeconds(2).toNanos()), new Cluster.CaConfig(Duration.ofDays(7).toNanos()));
    Cluster updated = api.updateCluster(version, good, false, false);
    assertThat(updated.spec()).isEqualTo(good);
    assertThatThrownBy(() -> api.updateCluster(version, good, false, false))
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.CONFLICT);
  }

  @Test
  void tokenRotationGoesThroughTheHookInTheSameWrite() {
    api(managers(1), (ca, worker, manager) -> new Cluster.RootCA(ca.caCert(), ca.caKey(),
        new Cluster.JoinTokens(worker ? "W2" : ca.joinTokens().worker(), manager ? "M2" : ca.joinTokens().manager())));
    Cluster c = store.current().cluster();
    new LocalProposer(store).commit(CommandBatch.of(new StoreCommand.PutCluster(
        c.withRootCA(new Cluster.RootCA("cert", "key", new Cluster.JoinTokens("W1", "M1"))), c.version().index())),
        Duration.ofSeconds(1));

    Cluster updated = api.updateCluster(store.current().cluster().version().index(), c.spec(), true, false);
    assertThat(updated.rootCA().joinTokens()).isEqualTo(new Cluster.JoinTokens("W2", "M1"));
  }

  @Test
  void withoutTheCaWiringRotationIsNotImplemented() {
    api(managers(1));
    Cluster c = store.current().cluster();
    new LocalProposer(store).commit(CommandBatch.of(new StoreCommand.PutCluster(
        c.withRootCA(new Cluster.RootCA("cert", "key", null)), c.version().index())), Duration.ofSeconds(1));
    assertThatThrownBy(() -> api.updateCluster(store.current().cluster().version().index(), c.spec(), false, true))
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.NOT_IMPLEMENTED);
  }
}
