package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.node;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.runningByNode;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Roles and availability of nodes as an operator changes them: promote, demote, drain, leave. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeRolesIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(3);

  @Test
  @Order(1)
  void aPromotedWorkerBecomesAManagerAndADemotedOneAWorkerAgain() throws Exception {
    Host h1 = testbed.host(1);
    Host h2 = testbed.host(2);
    Host h3 = testbed.host(3);
    init(h1);
    join(h2, h1, "worker");
    join(h3, h1, "worker");
    assertThat(h2.cli("node", "ls").code()).isEqualTo(1);

    assertThat(ok(h1, "node", "promote", h2.namespace()).out()).contains("promoted to a manager");
    await().atMost(WAIT).until(() -> node(h1, h2).path("ManagerStatus").asText().equals("Reachable"));
    await().atMost(WAIT).until(() -> h2.cli("node", "ls").ok());

    assertThat(ok(h1, "node", "demote", h2.namespace()).out()).contains("demoted");
    await().atMost(WAIT).until(() -> node(h1, h2).path("ManagerStatus").asText().isEmpty());
    await().atMost(WAIT).until(() -> h2.cli("node", "ls").err().contains("Worker nodes can't be used"));
  }

  @Test
  @Order(2)
  void demotingTheLastManagerIsRefused() throws Exception {
    Host h1 = testbed.host(1);
    SwarmCommand.Result r = h1.cli("node", "demote", h1.namespace());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains("last manager");
    assertThat(node(h1, h1).path("ManagerStatus").asText()).isEqualTo("Leader");
  }

  @Test
  @Order(3)
  void drainingANodeMovesItsTasksElsewhere() throws Exception {
    Host h1 = testbed.host(1);
    Host h3 = testbed.host(3);
    importBusybox(testbed, "busybox:test");
    ok(h1, "service", "create", "--name", "web", "--replicas", "6", "--stop-grace-period", "1s", "busybox:test",
        "sleep", "3600");
    assertThat(runningByNode(h1, "web")).containsKey(h3.namespace());

    ok(h1, "node", "update", "--availability", "drain", h3.namespace());

    await().atMost(WAIT).until(() -> {
      Map<String, Long> spread = runningByNode(h1, "web");
      return !spread.containsKey(h3.namespace()) && spread.values().stream().mapToLong(Long::longValue).sum() == 6;
    });
    await().atMost(WAIT).until(() -> h3.runningContainers().isEmpty());
    assertThat(node(h1, h3).path("Availability").asText()).isEqualToIgnoringCase("drain");
  }

  @Test
  @Order(4)
  void aWorkerThatLeavesStopsItsContainersAndShowsDown() throws Exception {
    Host h1 = testbed.host(1);
    Host h2 = testbed.host(2);
    await().atMost(WAIT).until(() -> !h2.runningContainers().isEmpty());

    assertThat(ok(h2, "leave").out()).contains("Node left the swarm");

    assertThat(h2.runningContainers()).isEmpty();
    await().atMost(WAIT).until(() -> node(h1, h2).path("Status").asText().equalsIgnoreCase("down"));
    await().atMost(WAIT).until(() -> runningByNode(h1, "web").values().stream().mapToLong(Long::longValue).sum() == 6);
    assertThat(ok(h2, "info").out()).contains("Swarm: inactive");
  }
}
