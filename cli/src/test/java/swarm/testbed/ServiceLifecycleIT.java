package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.lines;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.runningByNode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lifecycle of tasks as Swarm users know it, on real containers: restart policies, health
 * checks, placement by labels and reservations, and global services following the nodes. h1 is the
 * manager, h2 and h3 workers; h4 joins later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(4);

  private Host h1;

  @BeforeAll
  void formSwarm() throws Exception {
    h1 = testbed.host(1);
    init(h1);
    importBusybox(testbed, "busybox:test");
    join(testbed.host(2), h1, "worker");
    join(testbed.host(3), h1, "worker");
    awaitReadyNodes(h1, 3);
  }

  private List<JsonNode> tasks(String service) throws Exception {
    return lines(ok(h1, "service", "ps", service, "--format", "json").out());
  }

  private void create(String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "service";
    all[1] = "create";
    System.arraycopy(args, 0, all, 2, args.length);
    ok(h1, all);
  }

  @Test
  @Order(1)
  void onFailureWithThreeMaxAttemptsStartsExactlyFourTimesThenStaysFailed() throws Exception {
    create("--name", "crash", "--detach", "--restart-condition", "on-failure", "--restart-max-attempts", "3",
        "--restart-delay", "1s", "busybox:test", "sh", "-c", "exit 1");

    await().atMost(WAIT).until(() -> tasks("crash").size() == 4
        && tasks("crash").stream().allMatch(t -> t.path("CurrentState").asText().startsWith("Failed")));
    await().during(Duration.ofSeconds(6)).atMost(WAIT).until(() -> tasks("crash").size() == 4);
  }

  @Test
  @Order(2)
  void conditionNoneNeverRestarts() throws Exception {
    create("--name", "once", "--detach", "--restart-condition", "none", "--restart-delay", "1s", "busybox:test",
        "sh", "-c", "exit 1");

    await().atMost(WAIT).until(() -> tasks("once").size() == 1
        && tasks("once").get(0).path("CurrentState").asText().startsWith("Failed"));
    await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> tasks("once").size() == 1);
  }

  @Test
  @Order(3)
  void aFailingHealthCheckMakesTheTaskUnhealthyAndReplaced() throws Exception {
    create("--name", "sick", "--detach", "--health-cmd", "test -f /tmp/never", "--health-interval", "1s",
        "--health-retries", "2", "--restart-delay", "1s", "--stop-grace-period", "1s", "busybox:test",
        "sleep", "3600");

    await().atMost(WAIT).until(() -> tasks("sick").stream()
        .anyMatch(t -> t.path("Error").asText().contains("unhealthy")));
    await().atMost(WAIT).until(() -> tasks("sick").size() >= 2);
    assertThat(tasks("sick")).noneMatch(t -> t.path("CurrentState").asText().startsWith("Running")
        && t.path("CurrentState").asText().contains("(healthy)"));
  }

  @Test
  @Order(4)
  void theStartPeriodDefersTheVerdictUntilTheTaskIsHealthy() throws Exception {
    create("--name", "slow", "--detach", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s",
        "--health-retries", "1", "--health-start-period", "15s", "--stop-grace-period", "1s", "busybox:test",
        "sh", "-c", "sleep 4; touch /tmp/ok; exec sleep 3600");

    await().atMost(WAIT).until(() -> tasks("slow").stream()
        .anyMatch(t -> t.path("CurrentState").asText().startsWith("Running")));
    assertThat(tasks("slow")).hasSize(1);
  }

  @Test
  @Order(4)
  void aRunningTasksFailingStreakShowsInServicePsBeforeTheCheckGivesUp() throws Exception {
    create("--name", "flaky", "--detach", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s",
        "--health-retries", "10", "--restart-condition", "none", "--stop-grace-period", "1s", "busybox:test",
        "sh", "-c", "touch /tmp/ok; sleep 5; rm /tmp/ok; exec sleep 3600");

    await().atMost(WAIT).until(() -> tasks("flaky").stream().anyMatch(t -> t.path("CurrentState").asText()
        .matches("Running .* \\(healthy, failing streak [1-9]\\)")));
    await().atMost(WAIT).until(() -> tasks("flaky").stream()
        .anyMatch(t -> t.path("Error").asText().contains("unhealthy")));
  }

  @Test
  @Order(5)
  void constraintsOnNodeLabelsSteerPlacement() throws Exception {
    Host h2 = testbed.host(2);
    ok(h1, "node", "update", "--label-add", "zone=a", h2.namespace());
    create("--name", "zoned", "--replicas", "3", "--constraint", "node.labels.zone==a", "--stop-grace-period", "1s",
        "busybox:test", "sleep", "3600");

    assertThat(runningByNode(h1, "zoned")).containsOnlyKeys(h2.namespace()).containsEntry(h2.namespace(), 3L);
  }

  @Test
  @Order(6)
  void reservationsLeaveATaskPendingWithTheReasonUntilANodeFits() throws Exception {
    // Every host here reports this machine's memory: reserve more than half of it, so each node fits one task.
    create("--name", "big", "--detach", "--replicas", "4", "--reserve-memory", reservation(), "--stop-grace-period",
        "1s", "busybox:test", "sleep", "3600");

    await().atMost(WAIT).until(() -> runningByNode(h1, "big").values().stream().mapToLong(Long::longValue).sum() == 3);
    await().atMost(WAIT).until(() -> tasks("big").stream()
        .anyMatch(t -> t.path("Error").asText().contains("no suitable node")
            || t.path("CurrentState").asText().contains("no suitable node")));

    Host h4 = testbed.host(4);
    join(h4, h1, "worker");

    await().atMost(WAIT).until(() -> runningByNode(h1, "big").getOrDefault(h4.namespace(), 0L) == 1);
  }

  /** A bit more than half of the memory each node reports, so that each node holds one such task. */
  private String reservation() throws Exception {
    String out = ok(h1, "node", "inspect", h1.namespace()).out();
    JsonNode node = swarm.core.json.Json.MAPPER.readTree(out);
    JsonNode n = node.isArray() ? node.get(0) : node;
    long bytes = n.path("Description").path("Resources").path("MemoryBytes").asLong();
    assertThat(bytes).isPositive();
    return (bytes / 2 + (64L << 20)) + "b";
  }

  @Test
  @Order(7)
  void aGlobalServiceFollowsNodesJoiningAndDraining() throws Exception {
    create("--name", "agent", "--mode", "global", "--stop-grace-period", "1s", "busybox:test", "sleep", "3600");
    Map<String, Long> spread = runningByNode(h1, "agent");
    assertThat(spread).hasSize(4).allSatisfy((node, n) -> assertThat(n).isEqualTo(1L));

    Host h3 = testbed.host(3);
    ok(h1, "node", "update", "--availability", "drain", h3.namespace());

    await().atMost(WAIT).until(() -> {
      Map<String, Long> now = runningByNode(h1, "agent");
      return now.size() == 3 && !now.containsKey(h3.namespace());
    });
  }
}
