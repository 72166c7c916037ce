package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

/**
 * One host, end to end, as a user drives it: a real daemon process, the real CLI, real runc
 * containers. Needs root and runc; skipped otherwise (and with -Dswarm.it.skip=true).
 */
class SingleNodeSwarmIT {
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

  private void createWeb(int replicas) throws Exception {
    TestDaemon.Result r = daemon.ok("service", "create", "--name", "web", "--replicas", String.valueOf(replicas),
        "--stop-grace-period", "1s", "--restart-delay", "1s", "--limit-memory", "64M", "busybox:test", "sleep", "3600");
    assertThat(r.out()).contains("converged");
  }

  private List<JsonNode> tasks(String service) throws Exception {
    String out = daemon.ok("service", "ps", service, "--format", "json").out();
    return out.lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, JsonNode.class)).toList();
  }

  private long runningTasks(String service) throws Exception {
    return tasks(service).stream().filter(t -> t.path("DesiredState").asText().equalsIgnoreCase("running"))
        .filter(t -> t.path("CurrentState").asText().startsWith("Running")).count();
  }

  private static String pidNamespace(long pid) throws Exception {
    return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid")).toString();
  }

  @Test
  void threeReplicasRunAsThreeContainersInDistinctPidNamespaces() throws Exception {
    createWeb(3);

    List<JsonNode> containers = daemon.runningContainers();
    assertThat(containers).hasSize(3);
    Set<String> namespaces = new HashSet<>();
    for (JsonNode c : containers) {
      namespaces.add(pidNamespace(c.path("pid").asLong()));
    }
    assertThat(namespaces).hasSize(3).doesNotContain(pidNamespace(ProcessHandle.current().pid()));
    assertThat(runningTasks("web")).isEqualTo(3);
    assertThat(daemon.ok("service", "ls").out()).contains("web").contains("3/3");
  }

  @Test
  void containerWhoseProcessIsKilledIsReplaced() throws Exception {
    createWeb(3);
    JsonNode victim = daemon.runningContainers().get(0);

    new ProcessBuilder("kill", "-KILL", victim.path("pid").asText()).start().waitFor();

    await().atMost(WAIT).until(() -> {
      List<JsonNode> running = daemon.runningContainers();
      return running.size() == 3 && running.stream().noneMatch(c -> c.path("id").equals(victim.path("id")));
    });
    await().atMost(WAIT).until(() -> runningTasks("web") == 3);
    assertThat(tasks("web")).anyMatch(t -> t.path("CurrentState").asText().startsWith("Failed"));
  }

  @Test
  void scalesFromThreeToFiveToOne() throws Exception {
    createWeb(3);

    daemon.ok("service", "scale", "web=5");
    await().atMost(WAIT).until(() -> daemon.runningContainers().size() == 5);
    assertThat(runningTasks("web")).isEqualTo(5);

    daemon.ok("service", "scale", "web=1");
    await().atMost(WAIT).until(() -> daemon.runningContainers().size() == 1);
    await().atMost(WAIT).until(() -> runningTasks("web") == 1);
  }

  @Test
  void removingTheServiceLeavesNoContainerMountOrCgroupBehind() throws Exception {
    createWeb(3);
    List<String> ids = daemon.runningContainers().stream().map(c -> c.path("id").asText()).toList();

    daemon.ok("service", "rm", "web");

    await().atMost(WAIT).until(() -> daemon.runcContainers().isEmpty());
    // the node's own mounts (its ingress network's namespace) stay; none of the tasks' (rootfs, namespace) may
    await().atMost(WAIT).until(() -> daemon.mounts().stream().noneMatch(m -> ids.stream().anyMatch(m::contains)));
    for (String id : ids) {
      for (String controller : List.of("memory", "pids", "cpu")) {
        await().atMost(WAIT).until(() -> !Files.exists(Path.of("/sys/fs/cgroup", controller, "swarm", id)));
      }
      await().atMost(WAIT).until(() -> !Files.exists(daemon.dataDir.resolve("containers").resolve(id)));
    }
    assertThat(daemon.ok("service", "ls", "-q").out()).isBlank();
  }

  @Test
  void daemonKilledWithSigkillComesBackWithTheSameServicesAndAdoptsItsContainers() throws Exception {
    createWeb(3);
    Set<Long> pidsBefore = new HashSet<>();
    daemon.runningContainers().forEach(c -> pidsBefore.add(c.path("pid").asLong()));
    Set<String> tasksBefore = new HashSet<>();
    tasks("web").forEach(t -> tasksBefore.add(t.path("ID").asText()));

    daemon.kill9();
    assertThat(daemon.runningContainers()).hasSize(3); // containers outlive the daemon
    daemon.start();

    await().atMost(WAIT).until(() -> runningTasks("web") == 3);
    Set<Long> pidsAfter = new HashSet<>();
    daemon.runningContainers().forEach(c -> pidsAfter.add(c.path("pid").asLong()));
    assertThat(pidsAfter).isEqualTo(pidsBefore);
    Set<String> tasksAfter = new HashSet<>();
    tasks("web").forEach(t -> tasksAfter.add(t.path("ID").asText()));
    assertThat(tasksAfter).isEqualTo(tasksBefore);
    assertThat(daemon.ok("service", "ls").out()).contains("web").contains("3/3");
  }
}
