package swarm.net.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;

class MembershipTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final String clusterId = "test-" + UUID.randomUUID();
  private final List<Membership> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(Membership::close);
  }

  @Test
  void membersOfOneClusterSeeEachOthersNodeIds() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = member(clusterId, "node-b", freePort(), List.of("127.0.0.1:" + portA));
    Membership c = member(clusterId, "node-c", freePort(), List.of("127.0.0.1:" + portA));

    for (Membership m : List.of(a, b, c)) {
      await().atMost(PATIENCE).until(m::liveNodeIds, ids -> ids.equals(Set.of("node-a", "node-b", "node-c")));
    }
  }

  @Test
  void aLateJoinCallbackIsToldOfEveryLiveNodeFirst() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    member(clusterId, "node-b", freePort(), List.of("127.0.0.1:" + portA));
    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> ids.contains("node-b"));

    List<String> joined = new CopyOnWriteArrayList<>();
    a.onNodeJoined(joined::add);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(joined).containsExactly("node-b"));
  }

  @Test
  void aClosedMemberIsReportedLeftByTheOthers() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = member(clusterId, "node-b", freePort(), List.of("127.0.0.1:" + portA));
    Membership c = member(clusterId, "node-c", freePort(), List.of("127.0.0.1:" + portA));
    List<String> leftOnA = new CopyOnWriteArrayList<>();
    List<String> leftOnC = new CopyOnWriteArrayList<>();
    a.onNodeLeft(leftOnA::add);
    c.onNodeLeft(leftOnC::add);
    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> ids.size() == 3);
    await().atMost(PATIENCE).until(c::liveNodeIds, ids -> ids.size() == 3);

    b.close();

    await().atMost(PATIENCE).untilAsserted(() -> {
      assertThat(leftOnA).containsExactly("node-b");
      assertThat(leftOnC).containsExactly("node-b");
    });
    assertThat(a.liveNodeIds()).containsExactlyInAnyOrder("node-a", "node-c");
  }

  @Test
  void aMemberThatLeavesToRestartIsKnownToBeRestartingUntilItIsBack() {
    int portA = freePort();
    int portB = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = member(clusterId, "node-b", portB, List.of("127.0.0.1:" + portA));
    Membership c = member(clusterId, "node-c", freePort(), List.of("127.0.0.1:" + portA));
    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> ids.size() == 3);
    assertThat(a.announcedRestart("node-b")).isFalse();

    b.closeForRestart();

    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> !ids.contains("node-b"));
    assertThat(a.announcedRestart("node-b")).isTrue();
    assertThat(c.announcedRestart("node-b")).isTrue();
    assertThat(a.announcedRestart("node-c")).isFalse();

    member(clusterId, "node-b", portB, List.of("127.0.0.1:" + portA)); // the next daemon
    await().atMost(PATIENCE).until(() -> !a.announcedRestart("node-b"));
  }

  @Test
  void aMemberThatLeavesForGoodIsNotRestarting() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = member(clusterId, "node-b", freePort(), List.of("127.0.0.1:" + portA));
    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> ids.size() == 2);

    b.close();

    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> !ids.contains("node-b"));
    assertThat(a.announcedRestart("node-b")).isFalse();
  }

  @Test
  void aKilledMemberIsReportedLeftWithoutSayingGoodbye() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = member(clusterId, "node-b", freePort(), List.of("127.0.0.1:" + portA));
    List<String> left = new CopyOnWriteArrayList<>();
    a.onNodeLeft(left::add);
    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> ids.contains("node-b"));

    b.crash();

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(left).containsExactly("node-b"));
  }

  @Test
  void aMemberOfAnotherClusterDoesNotJoin() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    // start() returns once the join is over: refused, this member formed a cluster of its own.
    Membership stranger = member("other-" + UUID.randomUUID(), "node-x", freePort(), List.of("127.0.0.1:" + portA));

    assertThat(stranger.liveNodeIds()).containsExactly("node-x");
    assertThat(a.liveNodeIds()).containsExactly("node-a");
  }

  @Test
  void aLoneMemberMergesOnceItIsToldWhereTheManagersAre() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = member(clusterId, "node-b", freePort(), List.of());
    assertThat(b.liveNodeIds()).containsExactly("node-b");

    b.updateManagers(List.of("127.0.0.1:" + portA));

    await().atMost(PATIENCE).until(a::liveNodeIds, ids -> ids.equals(Set.of("node-a", "node-b")));
    await().atMost(PATIENCE).until(b::liveNodeIds, ids -> ids.equals(Set.of("node-a", "node-b")));
  }

  @Test
  void anAsynchronousStartReturnsAtOnceAndFillsInLater() {
    int portA = freePort();
    Membership a = member(clusterId, "node-a", portA, List.of());
    Membership b = Membership.startAsync(config(clusterId, "node-b", freePort(), List.of("127.0.0.1:" + portA)));
    started.add(b);
    List<String> joined = new CopyOnWriteArrayList<>();
    b.onNodeJoined(joined::add);

    await().atMost(PATIENCE).until(() -> b.started().isDone());
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(joined).containsExactly("node-a"));
    assertThat(a.liveNodeIds()).contains("node-b");
  }

  @Test
  void theMemberPortRefusesHazelcastClients() {
    int portA = freePort();
    member(clusterId, "node-a", portA, List.of());
    ClientConfig client = new ClientConfig().setClusterName(clusterId);
    client.getNetworkConfig().addAddress("127.0.0.1:" + portA).setConnectionTimeout(1000);
    client.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(2000).setInitialBackoffMillis(100).setMaxBackoffMillis(500);
    client.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");

    // Community Hazelcast cannot authenticate clients: the port must not speak their protocol.
    assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTakenPortIsAnErrorForAPerson() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> member(clusterId, "node-a", taken.getLocalPort(), List.of()))
          .isInstanceOf(SwarmException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aBadConfigListsEveryProblem() {
    assertThatThrownBy(() -> new MembershipConfig("", "n", "not-an-ip", 0, List.of("a b"),
        Duration.ofSeconds(5), Duration.ofMillis(2500), null))
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.problems()).hasSize(6));
  }

  private Membership member(String cluster, String nodeId, int port, List<String> managers) {
    Membership m = Membership.start(config(cluster, nodeId, port, managers));
    started.add(m);
    return m;
  }

  private static MembershipConfig config(String cluster, String nodeId, int port, List<String> managers) {
    return MembershipConfig.of(cluster, nodeId, "127.0.0.1", managers)
        .withPort(port)
        .withMergeInterval(Duration.ofSeconds(1));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
