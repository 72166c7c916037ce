package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.testing.LoadedMachineTimeouts;

/**
 * {@code swarm events} against a real daemon: a follower started before a service is created sees the service's
 * create and update and its tasks, and ends cleanly on Ctrl-C; {@code --until} in the past ends by itself.
 */
class EventsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private TestDaemon daemon;
  private Process events;

  @BeforeEach
  void startSwarm() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (events != null && events.isAlive()) {
      events.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (daemon != null) {
      daemon.close();
    }
  }

  private static List<JsonNode> parse(String out) {
    List<JsonNode> list = new ArrayList<>();
    out.lines().filter(l -> !l.isBlank()).forEach(l -> list.add(Json.read(l, JsonNode.class)));
    return list;
  }

  private static boolean has(List<JsonNode> events, String type, String action, String attribute, String value) {
    return events.stream().anyMatch(e -> e.path("Type").asText().equals(type) && e.path("Action").asText().equals(action)
        && e.path("Actor").path("Attributes").path(attribute).asText().equals(value));
  }

  @Test
  void followerSeesAServiceCreatedAndScaledThenEndsOnCtrlC() throws Exception {
    // --since covers the moment between starting the follower and its subscription.
    String since = String.valueOf(Instant.now().getEpochSecond() - 1);
    Path out = daemon.dir.resolve("events.out");
    Path err = daemon.dir.resolve("events.err");
    // The test presses Ctrl-C: undo a SIGINT that whatever started the test run ignores (a background job
    // inherits SIG_IGN, and the JVM keeps an ignored SIGINT ignored), as a terminal would.
    List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT"));
    cmd.addAll(TestDaemon.javaCommand());
    cmd.addAll(List.of("-H", "unix://" + daemon.socket, "events", "--since", since, "--format", "json"));
    events = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();

    daemon.ok("service", "create", "--name", "web", "--replicas", "1", "--stop-grace-period", "1s", "busybox:test",
        "sleep", "3600");
    daemon.ok("service", "scale", "web=2");

    await().atMost(WAIT).untilAsserted(() -> {
      List<JsonNode> seen = parse(Files.readString(out));
      assertThat(has(seen, "service", "create", "name", "web")).as("service create in %s", seen).isTrue();
      assertThat(has(seen, "service", "update", "name", "web")).as("service update in %s", seen).isTrue();
      assertThat(has(seen, "task", "create", "name", "web.2")).as("task web.2 create in %s", seen).isTrue();
      assertThat(has(seen, "task", "update", "state", "running")).as("a running task in %s", seen).isTrue();
    });
    assertThat(parse(Files.readString(out))).allSatisfy(e -> {
      assertThat(e.path("scope").asText()).isEqualTo("swarm");
      assertThat(e.path("timeNano").asLong() / 1_000_000_000L).isEqualTo(e.path("time").asLong());
    });

    new ProcessBuilder("kill", "-INT", String.valueOf(events.pid())).start().waitFor();
    // A JVM on a machine whose cores are busy can take a while to run its exit; the bound only ends a hung test.
    assertThat(events.waitFor(LoadedMachineTimeouts.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err)).doesNotContain("Exception");

    TestDaemon.Result past = daemon.ok("events", "--since", since, "--until", "0s", "--filter", "type=service");
    assertThat(past.out()).contains(" service create ").contains("(name=web)").doesNotContain(" task ");
  }
}
