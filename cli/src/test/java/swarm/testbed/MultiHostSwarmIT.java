package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.lines;
import static swarm.testbed.SwarmCli.node;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.running;
import static swarm.testbed.SwarmCli.runningByNode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Five hosts, as a team runs them: three managers and two workers joined with tokens over mutual
 * TLS, a service spread over all of them, then the leader, a worker and a minority manager lost
 * in turn. The tests run in order on one swarm, each starting from where the previous left it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostSwarmIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(5);

  @Test
  @Order(1)
  void threeManagersAndTwoWorkersFormASwarmThroughJoinTokens() throws Exception {
    Host h1 = testbed.host(1);
    assertThat(ok(h1, "init", "--advertise-addr", h1.ip()).out()).contains("swarm join --token");
    String workerToken = ok(h1, "join-token", "-q", "worker").out().trim();
    String managerToken = ok(h1, "join-token", "-q", "manager").out().trim();
    assertThat(workerToken).startsWith("SWMTKN-1-").isNotEqualTo(managerToken);
    for (int i = 2; i <= 5; i++) {
      Host h = testbed.host(i);
      String token = i <= 3 ? managerToken : workerToken;
      assertThat(ok(h, "join", "--token", token, "--advertise-addr", h.ip(), h1.ip() + ":2377").out())
          .contains(i <= 3 ? "as a manager" : "as a worker");
    }
    importBusybox(testbed, "busybox:test");

    awaitReadyNodes(h1, 5);
    List<JsonNode> nodes = lines(ok(h1, "node", "ls", "--format", "json").out());
    assertThat(nodes).extracting(n -> n.path("ManagerStatus").asText())
        .containsExactlyInAnyOrder("Leader", "Reachable", "Reachable", "", "");
    SwarmCommand.Result onWorker = testbed.host(4).cli("node", "ls");
    assertThat(onWorker.code()).isEqualTo(1);
    assertThat(onWorker.err()).contains("Worker nodes can't be used to view or modify cluster state");
  }

  @Test
  @Order(2)
  void aTenReplicaServiceSpreadsOverAllFiveHosts() throws Exception {
    Host h1 = testbed.host(1);
    assertThat(ok(h1, "service", "create", "--name", "web", "--replicas", "10", "--stop-grace-period", "1s",
        "busybox:test", "sleep", "3600").out()).contains("converged");

    Map<String, Long> spread = runningByNode(h1, "web");
    assertThat(spread).hasSize(5).allSatisfy((node, n) -> assertThat(n).isEqualTo(2));
    for (Host h : testbed.hosts()) {
      assertThat(h.runningContainers()).as("containers on %s", h).hasSize(2);
    }
  }

  @Test
  @Order(3)
  void killedLeaderIsReplacedAndNoServiceIsLost() throws Exception {
    Host leader = testbed.hosts().stream().filter(h -> h.index() <= 3).filter(h -> {
      try {
        return node(testbed.host(1 + h.index() % 3), h).path("ManagerStatus").asText().equals("Leader");
      } catch (Exception e) {
        return false;
      }
    }).findFirst().orElseThrow();
    Host survivor = testbed.host(leader.index() == 1 ? 2 : 1);

    leader.kill9();

    await().atMost(WAIT).until(() -> survivor.cli("service", "scale", "--detach", "web=12").ok());
    await().atMost(WAIT).until(() -> running(survivor, "web") == 12);
    assertThat(ok(survivor, "service", "ls").out()).contains("web").contains("12/12");

    leader.restart();
    await().atMost(WAIT).until(() -> node(survivor, leader).path("ManagerStatus").asText().equals("Reachable"));
    await().atMost(WAIT).until(() -> ok(leader, "service", "ls").out().contains("12/12"));
  }

  @Test
  @Order(4)
  void killedWorkersTasksRunElsewhereAndNeverTwiceWhenItReturns() throws Exception {
    Host manager = testbed.host(2);
    Host worker = testbed.host(5);
    assertThat(worker.runningContainers()).isNotEmpty();

    worker.kill9();

    await().atMost(WAIT).until(() -> node(manager, worker).path("Status").asText().equalsIgnoreCase("down"));
    await().atMost(WAIT).until(() -> {
      Map<String, Long> spread = runningByNode(manager, "web");
      return !spread.containsKey(worker.namespace()) && spread.values().stream().mapToLong(Long::longValue).sum() == 12;
    });

    worker.restart();
    await().atMost(WAIT).until(() -> node(manager, worker).path("Status").asText().equalsIgnoreCase("ready"));
    await().atMost(WAIT).until(() -> worker.runningContainers().isEmpty());
    assertThat(running(manager, "web")).isEqualTo(12);
  }

  @Test
  @Order(5)
  void aManagerCutOffFromTheMajorityAcceptsNoWritesWhileTheMajorityServes() throws Exception {
    Host cut = testbed.hosts().stream().filter(h -> h.index() <= 3).filter(h -> {
      try {
        return !node(testbed.host(h.index() == 1 ? 2 : 1), h).path("ManagerStatus").asText().equals("Leader");
      } catch (Exception e) {
        return false;
      }
    }).findFirst().orElseThrow();
    Host majority = testbed.hosts().stream().filter(h -> h.index() <= 3 && h != cut).findFirst().orElseThrow();

    cut.cutOff();
    try {
      SwarmCommand.Result refused = cut.cli("service", "scale", "--detach", "web=11");
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("no quorum");
      ok(majority, "service", "scale", "--detach", "web=11");
      await().atMost(WAIT).until(() -> running(majority, "web") == 11);
    } finally {
      cut.reconnect();
    }
    await().atMost(WAIT).until(() -> {
      SwarmCommand.Result ls = cut.cli("service", "ls");
      return ls.ok() && ls.out().contains("11/11");
    });
  }
}
