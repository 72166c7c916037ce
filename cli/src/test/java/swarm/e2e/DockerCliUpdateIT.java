package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.cli.client.Query;
import swarm.testbed.Requirements;
import swarm.testbed.SwarmCommand;

/**
 * Docker's own CLI against a node's socket, for what rolling updates add to the API: {@code docker service update}
 * sends UpdateConfig and RollbackConfig and reads them back, {@code docker service rollback} asks for
 * {@code rollback=previous} and the previous spec comes back with {@code UpdateStatus} {@code rollback_started}, as
 * Docker's API has them; {@code GET /tasks} takes the {@code _up-to-date} filter docker's progress display sends.
 * With {@code --detach}, so nothing here waits for the managers' updater. Needs root, runc and a {@code docker} CLI
 * on the PATH; skipped otherwise.
 */
class DockerCliUpdateIT {
  private TestDaemon daemon;

  @BeforeEach
  void startSwarm() throws Exception {
    assumeTrue(Requirements.onPath("docker"), "needs the docker CLI");
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private SwarmCommand.Result docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + daemon.socket));
    cmd.addAll(List.of(args));
    SwarmCommand.Result r = SwarmCommand.run(cmd, daemon.dir, 60, String.join(" ", cmd));
    assertThat(r.code()).as("docker %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  private List<JsonNode> tasks(Map<String, List<String>> filters) {
    List<JsonNode> out = new ArrayList<>();
    daemon.api().get(Query.path("/tasks").filters(filters).toString()).forEach(out::add);
    return out;
  }

  private JsonNode inspect() {
    return daemon.api().get("/services/web");
  }

  @Test
  void dockersUpdateAndRollbackDriveTheConfigsAndThePreviousSpec() throws Exception {
    daemon.ok("service", "create", "--name", "web", "--replicas", "2", "--stop-grace-period", "1s",
        "--update-monitor", "7s", "busybox:test", "sleep", "3600");
    assertThat(inspect().has("UpdateStatus")).as("no UpdateStatus before the first update, as in Docker").isFalse();

    docker("service", "update", "--detach", "--update-parallelism", "2", "--update-delay", "3s",
        "--update-failure-action", "rollback", "--update-order", "start-first", "--rollback-parallelism", "0",
        "--env-add", "V=2", "web");

    JsonNode updated = inspect().path("Spec");
    assertThat(updated.path("UpdateConfig").path("Parallelism").asLong()).isEqualTo(2);
    assertThat(updated.path("UpdateConfig").path("Delay").asLong()).isEqualTo(3_000_000_000L);
    assertThat(updated.path("UpdateConfig").path("Monitor").asLong()).as("kept from create").isEqualTo(7_000_000_000L);
    assertThat(updated.path("UpdateConfig").path("FailureAction").asText()).isEqualTo("rollback");
    assertThat(updated.path("UpdateConfig").path("Order").asText()).isEqualTo("start-first");
    assertThat(updated.path("RollbackConfig").path("Parallelism").asLong()).isZero();
    String format = "{{.Spec.UpdateConfig.Parallelism}} {{.Spec.UpdateConfig.Order}} {{.Spec.UpdateConfig.Monitor}}";
    assertThat(docker("service", "inspect", "--format", format, "web").out().strip()).isEqualTo("2 start-first 7s");
    assertThat(docker("service", "inspect", "--pretty", "web").out()).contains("UpdateConfig:", "rollback",
        "start-first", "RollbackConfig:");
    // docker's progress counts only the tasks of the current spec: the _up-to-date filter.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<JsonNode> upToDate = tasks(Map.of("service", List.of("web"), "_up-to-date", List.of("true")));
      assertThat(upToDate).hasSize(2).allSatisfy(t -> assertThat(t.path("Spec").path("ContainerSpec").path("Env")
          .toString()).contains("V=2"));
      assertThat(tasks(Map.of("service", List.of("web")))).hasSizeGreaterThan(2);
    });

    docker("service", "rollback", "--detach", "web");

    JsonNode rolledBack = inspect();
    assertThat(rolledBack.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Env").toString())
        .doesNotContain("V=2");
    assertThat(rolledBack.path("PreviousSpec").path("TaskTemplate").path("ContainerSpec").path("Env").toString())
        .contains("V=2");
    assertThat(rolledBack.path("UpdateStatus").path("State").asText()).isEqualTo("rollback_started");
    assertThat(rolledBack.path("UpdateStatus").path("Message").asText()).isEqualTo("manually requested rollback");
    assertThat(docker("service", "inspect", "--format", "{{.UpdateStatus.State}}", "web").out().strip())
        .isEqualTo("rollback_started");
  }

  @Test
  void aRollbackWithNothingToRollBackToIsRefusedAndAnUnknownRollbackOptionToo() throws Exception {
    daemon.ok("service", "create", "--detach", "--name", "web", "busybox:test", "sleep", "3600");

    List<String> cmd = List.of("docker", "-H", "unix://" + daemon.socket, "service", "rollback", "--detach", "web");
    SwarmCommand.Result r = SwarmCommand.run(cmd, daemon.dir, 60, "docker service rollback");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("service web has no previous spec to roll back to");

    JsonNode service = inspect();
    String path = "/services/" + service.path("ID").asText() + "/update?version="
        + service.path("Version").path("Index").asLong() + "&rollback=yesterday";
    RawHttp.Response answer = RawHttp.json(daemon.socket, "POST", path, service.path("Spec").toString());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).isEqualTo("unrecognized rollback option 'yesterday': use rollback=previous");
  }
}
