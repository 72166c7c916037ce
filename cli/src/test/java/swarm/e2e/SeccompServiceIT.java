package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

/**
 * {@code --security-opt seccomp=...} end to end: the CLI, a real daemon, real runc containers, whose seccomp
 * mode is read from the host's {@code /proc/PID/status}. Needs root and runc; skipped otherwise.
 */
class SeccompServiceIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private TestDaemon daemon;

  @BeforeEach
  void startSwarm() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** The {@code Seccomp:} line of the one running container's process: 2 filtered, 0 not. */
  private String seccompOfTheTask() throws Exception {
    List<JsonNode> running = daemon.runningContainers();
    assertThat(running).hasSize(1);
    return Files.readAllLines(Path.of("/proc", running.get(0).path("pid").asText(), "status")).stream()
        .filter(l -> l.startsWith("Seccomp:")).findFirst().orElseThrow().replaceAll("\\s+", " ");
  }

  private JsonNode seccompSpec() throws Exception {
    JsonNode services = Json.read(daemon.ok("service", "inspect", "web").out(), JsonNode.class);
    return services.path(0).path("Spec").path("TaskTemplate").path("ContainerSpec").path("Privileges").path("Seccomp");
  }

  @Test
  void tasksAreFilteredByDefaultAndTheSettingFollowsServiceUpdates() throws Exception {
    daemon.ok("service", "create", "--name", "web", "--stop-grace-period", "1s", "busybox:test", "sleep", "3600");
    await().atMost(WAIT).untilAsserted(() -> assertThat(seccompOfTheTask()).isEqualTo("Seccomp: 2"));
    assertThat(seccompSpec().isMissingNode()).isTrue();

    daemon.ok("service", "update", "--security-opt", "seccomp=unconfined", "web");
    await().atMost(WAIT).untilAsserted(() -> assertThat(seccompOfTheTask()).isEqualTo("Seccomp: 0"));
    assertThat(seccompSpec().path("Mode").asText()).isEqualTo("unconfined");

    Path profile = Files.writeString(daemon.dir.resolve("profile.json"),
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"keyctl\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
    daemon.ok("service", "update", "--security-opt", "seccomp=" + profile, "web");
    await().atMost(WAIT).untilAsserted(() -> assertThat(seccompOfTheTask()).isEqualTo("Seccomp: 2"));
    assertThat(seccompSpec().path("Mode").asText()).isEqualTo("custom");
  }
}
