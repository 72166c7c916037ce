package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.lines;
import static swarm.testbed.SwarmCli.node;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.runningByNode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import swarm.cli.client.ApiClient;
import swarm.cli.client.DaemonAddress;
import swarm.cli.client.Query;

/**
 * A manager (h1) and a worker (h2): a global service updated to a new image runs it on both, then {@code swarm
 * events} on the manager reports the worker going down when its daemon is killed. In order, on one swarm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeEventsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(2);

  private Host manager;
  private Host worker;
  private Process events;

  @BeforeAll
  void formSwarm() throws Exception {
    manager = testbed.host(1);
    worker = testbed.host(2);
    init(manager);
    join(worker, manager, "worker");
    importBusybox(testbed, "busybox:test", "busybox:v2");
    awaitReadyNodes(manager, 2);
  }

  @AfterAll
  void stopFollower() throws Exception {
    if (events != null && events.isAlive()) {
      events.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code docker service update --image}, through the API as the CLI's {@code service scale} does it: the spec as
   * the manager holds it, with only the image changed.
   */
  private void updateImage(String service, String image) {
    try (ApiClient api = ApiClient.open(DaemonAddress.parse("unix://" + manager.socket()))) {
      JsonNode current = api.get("/services/" + service);
      ObjectNode spec = current.path("Spec").deepCopy();
      spec.withObjectProperty("TaskTemplate").withObjectProperty("ContainerSpec").put("Image", image);
      api.post(Query.path("/services/" + current.path("ID").asText() + "/update")
          .param("version", current.path("Version").path("Index").asLong()).toString(), spec);
    }
  }

  @Test
  @Order(1)
  void aGlobalServiceUpdatedToANewImageRunsItOnBothNodes() throws Exception {
    ok(manager, "service", "create", "--name", "agent", "--mode", "global", "--stop-grace-period", "1s",
        "busybox:test", "sleep", "3600");
    assertThat(runningByNode(manager, "agent")).containsOnlyKeys(manager.namespace(), worker.namespace());

    updateImage("agent", "busybox:v2");

    await().atMost(WAIT).untilAsserted(() -> {
      List<JsonNode> tasks = lines(ok(manager, "service", "ps", "agent", "--format", "json").out());
      List<JsonNode> running = tasks.stream()
          .filter(t -> t.path("DesiredState").asText().equalsIgnoreCase("running")).toList();
      assertThat(running).as("tasks meant to run in %s", tasks)
          .extracting(t -> t.path("Node").asText()).containsExactlyInAnyOrder(manager.namespace(), worker.namespace());
      assertThat(running).allSatisfy(t -> {
        assertThat(t.path("Image").asText()).isEqualTo("busybox:v2");
        assertThat(t.path("CurrentState").asText()).startsWith("Running");
      });
      assertThat(tasks).filteredOn(t -> t.path("Image").asText().equals("busybox:test")).hasSize(2)
          .allSatisfy(t -> assertThat(t.path("DesiredState").asText()).isEqualToIgnoringCase("shutdown"));
    });
    for (Host h : testbed.hosts()) {
      await().atMost(WAIT).untilAsserted(() -> assertThat(h.runningContainers()).as("containers on %s", h).hasSize(1));
    }
  }

  @Test
  @Order(2)
  void eventsReportAKilledWorkerGoingDown() throws Exception {
    String workerId = node(manager, worker).path("ID").asText();
    Path out = manager.dir().resolve("events.out");
    Path err = manager.dir().resolve("events.err");
    // --since covers the moment between starting the follower and its subscription.
    // The test presses Ctrl-C: undo a SIGINT that whatever started the test run ignores (a background job
    // inherits SIG_IGN, and the JVM keeps an ignored SIGINT ignored), as a terminal would.
    List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT"));
    cmd.addAll(SwarmCommand.javaCommand());
    cmd.addAll(List.of("-H", "unix://" + manager.socket(), "events", "--since",
        String.valueOf(Instant.now().getEpochSecond() - 1), "--filter", "type=node", "--format", "json"));
    events = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();

    worker.kill9();

    // As Docker's: state.old/state.new for the change, and (ours) the state after it.
    await().atMost(WAIT).untilAsserted(() -> assertThat(lines(Files.readString(out)))
        .as("node events on %s", manager)
        .anySatisfy(e -> {
          assertThat(e.path("Type").asText()).isEqualTo("node");
          assertThat(e.path("Action").asText()).isEqualTo("update");
          assertThat(e.path("Actor").path("ID").asText()).isEqualTo(workerId);
          assertThat(e.path("Actor").path("Attributes").path("name").asText()).isEqualTo(worker.namespace());
          assertThat(e.path("Actor").path("Attributes").path("state").asText()).isEqualTo("down");
          assertThat(e.path("Actor").path("Attributes").path("state.new").asText()).isEqualTo("down");
          // ready, or disconnected when the session ended before the membership declared it gone
          assertThat(e.path("Actor").path("Attributes").path("state.old").asText()).isIn("ready", "disconnected");
        }));
    assertThat(lines(Files.readString(out))).allSatisfy(e -> assertThat(e.path("Type").asText()).isEqualTo("node"));
    assertThat(node(manager, worker).path("Status").asText()).isEqualToIgnoringCase("down");

    new ProcessBuilder("kill", "-INT", String.valueOf(events.pid())).start().waitFor();
    assertThat(events.waitFor(swarm.core.testing.LoadedMachineTimeouts.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err)).doesNotContain("Exception");
  }
}
