package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.cli.client.Query;

/**
 * {@code swarm service update} on one host, as a user runs it: a real daemon, the real CLI, real runc
 * containers. The update's own wait must end with the new spec's tasks running (the old ones stopped first).
 * Needs root and runc; skipped otherwise (and with -Dswarm.it.skip=true).
 */
class ServiceUpdateIT {
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

  /** The service's tasks as the API shows them (with their spec), by id. */
  private Map<String, JsonNode> tasks() {
    List<JsonNode> all = new ArrayList<>();
    daemon.api().get(Query.path("/tasks").filters(Map.of("service", List.of("web"))).toString()).forEach(all::add);
    return all.stream().collect(Collectors.toMap(t -> t.path("ID").asText(), t -> t));
  }

  private Map<String, JsonNode> running() {
    return tasks().entrySet().stream()
        .filter(e -> e.getValue().path("DesiredState").asText().equals("running"))
        .filter(e -> e.getValue().path("Status").path("State").asText().equals("running"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static List<String> env(JsonNode task) {
    List<String> env = new ArrayList<>();
    task.path("Spec").path("ContainerSpec").path("Env").forEach(e -> env.add(e.asText()));
    return env;
  }

  /** The environment of each running container's process, as the kernel has it. */
  private List<List<String>> containerEnvironments() throws Exception {
    List<List<String>> envs = new ArrayList<>();
    for (JsonNode c : daemon.runningContainers()) {
      byte[] raw = Files.readAllBytes(Path.of("/proc", c.path("pid").asText(), "environ"));
      envs.add(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
    }
    return envs;
  }

  /** Every task of {@code ids} told to shut down and stopped. */
  private boolean allShutDown(Set<String> ids) {
    Map<String, JsonNode> now = tasks();
    return ids.stream().allMatch(id -> now.get(id).path("DesiredState").asText().equals("shutdown")
        && now.get(id).path("Status").path("State").asText().equals("shutdown"));
  }

  @Test
  void updateReplacesEveryTaskWithTheNewSpecAndForceReplacesThemAgain() throws Exception {
    daemon.ok("service", "create", "--name", "web", "--replicas", "2", "--stop-grace-period", "1s", "--restart-delay",
        "1s", "--limit-memory", "64M", "busybox:test", "sleep", "3600");
    Set<String> first = running().keySet();
    assertThat(first).hasSize(2);

    TestDaemon.Result updated = daemon.ok("service", "update", "--env-add", "X=1", "web");

    assertThat(updated.out()).startsWith("web\n").contains("verify: Service web converged");
    Map<String, JsonNode> second = running();
    assertThat(second).as("when update returns, the new spec's tasks run").hasSize(2);
    assertThat(second.keySet()).doesNotContainAnyElementsOf(first);
    assertThat(second.values()).allSatisfy(t -> assertThat(env(t)).contains("X=1"));
    await().atMost(WAIT).until(() -> allShutDown(first));
    await().atMost(WAIT).until(() -> daemon.runningContainers().size() == 2);
    assertThat(containerEnvironments()).hasSize(2).allSatisfy(e -> assertThat(e).contains("X=1"));

    TestDaemon.Result forced = daemon.ok("service", "update", "--force", "web");

    assertThat(forced.out()).startsWith("web\n").contains("verify: Service web converged");
    Map<String, JsonNode> third = running();
    assertThat(third).hasSize(2);
    assertThat(third.keySet()).doesNotContainAnyElementsOf(second.keySet()).doesNotContainAnyElementsOf(first);
    assertThat(third.values()).allSatisfy(t -> assertThat(env(t)).contains("X=1"));
    await().atMost(WAIT).until(() -> allShutDown(second.keySet()));
    await().atMost(WAIT).until(() -> daemon.runningContainers().size() == 2);

    // The same tag pins to the same image: the spec does not change, so no task is replaced.
    int before = tasks().size();
    daemon.ok("service", "update", "--image", "busybox:test", "web");
    assertThat(running().keySet()).isEqualTo(third.keySet());
    assertThat(tasks()).hasSize(before);
  }
}
