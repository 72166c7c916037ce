package swarm.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

class NodeHealthMonitorTest {
  private static final Duration PERIOD = Duration.ofMillis(300);
  private static final Node.Description DESCRIPTION = new Node.Description("w1-host", null, null);

  private final MutableClock clock = new MutableClock();
  private final Store store = new Store();
  private final LocalProposer proposer;
  private final Dispatcher dispatcher;
  private final NodeHealthMonitor monitor;

  NodeHealthMonitorTest() {
    store.reset(StateBuilder.state().build());
    proposer = new LocalProposer(store);
    dispatcher = new Dispatcher(store, proposer, clock, Duration.ofMillis(10), Duration.ofSeconds(5), "m1",
        HeartbeatPolicy.of(PERIOD), false);
    monitor = new NodeHealthMonitor(store, proposer, dispatcher, clock, id -> true);
  }

  @AfterEach
  void close() {
    monitor.close();
    dispatcher.close();
  }

  private Node node(String id) {
    return store.current().nodes().get(id);
  }

  private Node.State state(String id) {
    return node(id).status().state();
  }

  @Test
  void nodeMissingThreePeriodsIsMarkedDownAndReadyAgainOnItsNextHeartbeat() {
    NodeSession session = dispatcher.openRemote("w1", DESCRIPTION, "10.0.0.7", a -> { }, () -> { });
    assertThat(state("w1")).isEqualTo(Node.State.READY);
    assertThat(node("w1").status().message()).isEqualTo("session open on manager m1");
    assertThat(node("w1").status().addr()).isEqualTo("10.0.0.7");

    clock.advance(PERIOD);
    session.heartbeat();
    clock.advance(PERIOD.multipliedBy(3)); // exactly 3 periods since the last heartbeat: still in grace
    monitor.checkNow();
    assertThat(state("w1")).isEqualTo(Node.State.READY);

    clock.advance(Duration.ofMillis(1));
    monitor.checkNow();
    assertThat(state("w1")).isEqualTo(Node.State.DOWN);
    assertThat(node("w1").status().message()).isEqualTo(NodeHealthMonitor.HEARTBEAT_FAILURE);
    assertThat(node("w1").status().addr()).isEqualTo("10.0.0.7");

    session.heartbeat();
    await().until(() -> state("w1") == Node.State.READY);
    assertThat(node("w1").status().message()).isEqualTo("session open on manager m1");
  }

  @Test
  void heartbeatsKeepANodeReady() {
    NodeSession session = dispatcher.openRemote("w1", DESCRIPTION, null, a -> { }, () -> { });
    for (int i = 0; i < 20; i++) {
      clock.advance(PERIOD);
      session.heartbeat();
      dispatcher.sweep();
      monitor.checkNow();
    }
    assertThat(state("w1")).isEqualTo(Node.State.READY);
    assertThat(dispatcher.hasSession("w1")).isTrue();
  }

  @Test
  void anOpenInProcessSessionCountsAsAlive() {
    dispatcher.open("w1", DESCRIPTION, a -> { });
    clock.advance(Duration.ofMinutes(5));
    dispatcher.sweep();
    monitor.checkNow();
    assertThat(state("w1")).isEqualTo(Node.State.READY);
  }

  @Test
  void aCleanLeaveIsDisconnectedAtOnceAndDownOnlyAfterTheGrace() {
    dispatcher.open("w1", DESCRIPTION, a -> { });
    clock.advance(Duration.ofMinutes(5));
    dispatcher.closeSession("w1");
    await().until(() -> state("w1") == Node.State.DISCONNECTED);
    monitor.checkNow();
    assertThat(state("w1")).isEqualTo(Node.State.DISCONNECTED);

    clock.advance(PERIOD.multipliedBy(3).plusMillis(1));
    monitor.checkNow();
    assertThat(state("w1")).isEqualTo(Node.State.DOWN);
  }

  @Test
  void aSilentRemoteSessionExpiresAndItsTransportIsToldToClose() {
    boolean[] expired = {false};
    dispatcher.openRemote("w1", DESCRIPTION, null, a -> { }, () -> expired[0] = true);
    clock.advance(PERIOD.multipliedBy(3).plusMillis(1));
    dispatcher.sweep();
    assertThat(expired[0]).isTrue();
    assertThat(dispatcher.hasSession("w1")).isFalse();
    await().until(() -> state("w1") == Node.State.DISCONNECTED);
  }

  /** Manager m2 (whose own worker holds a session on it) and worker w1 hold their sessions on m2. */
  private LocalProposer nodesHeldByManagerM2() {
    store.reset(StateBuilder.state().readyNode("m2").readyNode("w1").build());
    LocalProposer log = new LocalProposer(store);
    for (String id : List.of("m2", "w1")) {
      Node n = node(id).withStatus(new Node.Status(Node.State.READY, SessionOwner.message("m2"), null), clock.instant());
      assertThat(log.commit(CommandBatch.of(new StoreCommand.PutNode(n, node(id).version().index())),
          Duration.ofSeconds(1)).isOk()).isTrue();
    }
    return log;
  }

  @Test
  void aNodeWhoseSessionAnotherLiveManagerHoldsIsNotMarkedDown() {
    LocalProposer log = nodesHeldByManagerM2();
    NodeHealthMonitor fresh = new NodeHealthMonitor(store, log, dispatcher, clock, id -> true);
    try {
      for (int i = 0; i < 10; i++) {
        clock.advance(PERIOD.multipliedBy(3));
        fresh.checkNow();
      }
      assertThat(state("w1")).isEqualTo(Node.State.READY);
    } finally {
      fresh.close();
    }
  }

  @Test
  void aNodeWhoseManagerIsUnreachableIsMarkedDownAfterTwiceTheGraceOnANewLeader() {
    LocalProposer log = nodesHeldByManagerM2();
    NodeHealthMonitor fresh = new NodeHealthMonitor(store, log, dispatcher, clock, id -> !id.equals("m2"));
    try {
      fresh.checkNow(); // first pass after leadership: twice the grace, like swarmkit's UNKNOWN nodes
      clock.advance(PERIOD.multipliedBy(6));
      fresh.checkNow();
      assertThat(state("w1")).isEqualTo(Node.State.READY);
      clock.advance(Duration.ofMillis(1));
      fresh.checkNow();
      assertThat(state("w1")).isEqualTo(Node.State.DOWN);
      assertThat(state("m2")).isEqualTo(Node.State.DOWN);
    } finally {
      fresh.close();
    }
  }

  @Test
  void aNodeThatLeftTheMembershipIsMarkedDownAtOnceByTheLeader() {
    dispatcher.openRemote("w1", DESCRIPTION, null, a -> { }, () -> { });
    monitor.onLeaderReady();
    monitor.nodeLeftMembership("w1");
    await().until(() -> state("w1") == Node.State.DOWN);
    assertThat(node("w1").status().message()).isEqualTo(NodeHealthMonitor.LEFT_MEMBERSHIP);
    assertThat(List.of(dispatcher.hasSession("w1"))).containsExactly(true);
  }

  @Test
  void aDepartureSeenBeforeLeadershipIsActedOnByTheNewLeader() {
    dispatcher.openRemote("w1", DESCRIPTION, null, a -> { }, () -> { });
    monitor.nodeLeftMembership("w1"); // a follower hears it; the old leader dies before acting on it
    assertThat(state("w1")).isEqualTo(Node.State.READY);

    monitor.onLeaderReady(); // no second event: the first pass of the new leader acts on what it remembers
    await().until(() -> state("w1") == Node.State.DOWN);
    assertThat(node("w1").status().message()).isEqualTo(NodeHealthMonitor.LEFT_MEMBERSHIP);
    assertThat(List.of(dispatcher.hasSession("w1"))).containsExactly(true);
  }

  @Test
  void aNodeBackInTheMembershipOrLongGoneIsLeftToTheHeartbeats() {
    dispatcher.openRemote("w1", DESCRIPTION, null, a -> { }, () -> { });
    NodeSession w2 = dispatcher.openRemote("w2", DESCRIPTION, null, a -> { }, () -> { });
    monitor.nodeLeftMembership("w1");
    monitor.nodeJoinedMembership("w1"); // a restarted daemon's new member
    monitor.checkNow();
    assertThat(state("w1")).isEqualTo(Node.State.READY);

    monitor.nodeLeftMembership("w2");
    for (int i = 0; i < 4; i++) { // past the grace, heartbeating all along: the heartbeats' word counts
      clock.advance(PERIOD);
      w2.heartbeat();
    }
    monitor.checkNow();
    assertThat(state("w2")).isEqualTo(Node.State.READY);
  }
}
