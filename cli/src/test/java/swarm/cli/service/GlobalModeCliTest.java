package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.NODE2;
import static swarm.cli.FakeCluster.WEB;
import static swarm.cli.FakeCluster.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.cli.FakeCluster;
import swarm.cli.FakeDaemon;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceSpec;

/** {@code --mode global} and how the service commands show and wait for global services. */
@Timeout(30)
class GlobalModeCliTest {
  private static final String NL = System.lineSeparator();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path dir;
  FakeDaemon daemon;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static ServiceSpec spec(String... args) {
    return ServiceFlags.spec(args);
  }

  /** Runs against the fake daemon if started, else a socket that does not exist (a request fails to connect). */
  private Cli.Result swarm(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "-H";
    full[1] = daemon != null ? daemon.host() : "unix://" + dir.resolve("none.sock");
    System.arraycopy(args, 0, full, 2, args.length);
    return new Cli().run(full);
  }

  private void startDaemon() throws Exception {
    daemon = new FakeDaemon(dir);
    FakeCluster.common(daemon.router()); // NODE1 ready+active, NODE2 down+drained: one eligible node
  }

  private static String globalService(String id, String name) {
    return FakeCluster.service(id, name, 1, 7).replace("\"Mode\":{\"Replicated\":{\"Replicas\":1}}",
        "\"Mode\":{\"Global\":{}}");
  }

  private static String globalTask(String id, String node, String state, String desired) {
    return """
        {"ID":"%s","ServiceID":"%s","NodeID":"%s","CreatedAt":"2026-01-01T00:00:07Z",
         "Spec":{"ContainerSpec":{"Image":"busybox"}},
         "Status":{"Timestamp":"2026-01-01T00:00:07Z","State":"%s","Message":"%s"},"DesiredState":"%s"}
        """.formatted(id, WEB, node, state, state, desired);
  }

  private static Task task(String id, String node, TaskState state, TaskState desired, int second) {
    Instant at = T0.plusSeconds(second);
    return new Task(id, null, at, at, "svc", "mon", null, node, null, null, null,
        new TaskStatus(at, state, state.wire(), state == TaskState.FAILED ? "exit 1" : null, null), desired, null);
  }

  @Test
  void modeGlobalMakesAGlobalSpecAndReplicatedIsTheDefault() {
    assertThat(spec("--name", "mon", "--mode", "global", "busybox").mode().isGlobal()).isTrue();
    assertThat(spec("--name", "web", "--mode", "replicated", "--replicas", "2", "busybox").mode().replicated()
        .replicas()).isEqualTo(2);
    assertThat(spec("--name", "web", "busybox").mode().replicated().replicas()).isEqualTo(1);
  }

  @Test
  void badModeAndReplicasWithGlobalAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> spec("--name", "mon", "--mode", "everywhere", "busybox"))
        .isInstanceOf(SwarmException.class)
        .hasMessage("invalid value 'everywhere' for --mode: use replicated, global");

    Cli.Result bad = swarm("service", "create", "--name", "mon", "--mode", "everywhere", "busybox");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).isEqualTo("error: invalid value 'everywhere' for --mode: use replicated, global" + NL);

    Cli.Result both = swarm("service", "create", "--name", "mon", "--mode", "global", "--replicas", "3", "busybox");
    assertThat(both.code()).isEqualTo(1);
    assertThat(both.out()).isEmpty();
    assertThat(both.err()).isEqualTo("error: --replicas can only be used with --mode replicated (a global service"
        + " runs one task per node)" + NL);
  }

  @Test
  void createGlobalSendsGlobalModeAndWaitsForEveryEligibleNode() throws Exception {
    startDaemon();
    AtomicReference<JsonNode> body = new AtomicReference<>();
    daemon.router().post("/services/create").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, 201, "{\"ID\":\"" + WEB + "\",\"Warnings\":[]}");
    });
    daemon.router().get("/services/" + WEB).handler(ctx -> json(ctx, globalService(WEB, "mon")));
    AtomicInteger polls = new AtomicInteger();
    daemon.router().get("/tasks").handler(ctx -> json(ctx, "[" + globalTask("t1", NODE1,
        polls.incrementAndGet() < 3 ? "starting" : "running", "running") + "]"));
    daemon.start();

    Cli.Result r = swarm("service", "create", "--name", "mon", "--mode", "global", "busybox");

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(body.get().path("Mode").has("Global")).isTrue();
    assertThat(body.get().path("Mode").has("Replicated")).isFalse();
    assertThat(polls.get()).isGreaterThanOrEqualTo(3);
    assertThat(r.out()).startsWith(WEB + NL).contains("verify: Service mon converged");
  }

  @Test
  void lsShowsGlobalModeWithRunningOverEligibleNodes() throws Exception {
    startDaemon();
    daemon.router().get("/services").handler(ctx -> json(ctx, "[" + globalService(WEB, "mon") + "]"));
    daemon.router().get("/tasks").handler(ctx -> json(ctx, "[" + globalTask("t1", NODE1, "running", "running")
        + "]"));
    daemon.start();

    Cli.Result r = swarm("service", "ls", "--format", "json");

    assertThat(r.code()).isZero();
    JsonNode row = Json.read(r.out().trim(), JsonNode.class);
    assertThat(row.path("Mode").asText()).isEqualTo("global");
    assertThat(row.path("Replicas").asText()).isEqualTo("1/1");
  }

  @Test
  void scaleRefusesAGlobalService() throws Exception {
    startDaemon();
    daemon.router().get("/services/mon").handler(ctx -> json(ctx, globalService(WEB, "mon")));
    daemon.start();

    Cli.Result r = swarm("service", "scale", "-d", "mon=3");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: service mon: scale can only be used with replicated mode" + NL);
  }

  @Test
  void psNamesGlobalTasksByNode() {
    List<Map<String, String>> rows = TaskRows.rows(List.of(task("t1", NODE1, TaskState.RUNNING, TaskState.RUNNING, 1)),
        "mon", Map.of(), true, T0.plusSeconds(5));

    assertThat(rows).singleElement().satisfies(row -> assertThat(row.get("Name")).isEqualTo("mon." + NODE1));
  }

  @Test
  void convergenceCountsOneTaskPerNodeAndNamesAFailingNode() {
    Convergence.Look both = new Convergence("mon", 2, RestartPolicy.Condition.ANY, Set.of()).look(List.of(
        task("a", NODE1, TaskState.RUNNING, TaskState.RUNNING, 1),
        task("b", NODE2, TaskState.RUNNING, TaskState.RUNNING, 1)));
    assertThat(both.failure()).isNull();
    assertThat(both.running()).isEqualTo(2);
    assertThat(both.converged()).isTrue();

    Convergence.Look failing = new Convergence("mon", 2, RestartPolicy.Condition.ANY, Set.of()).look(List.of(
        task("a", NODE1, TaskState.RUNNING, TaskState.RUNNING, 1),
        task("b1", NODE2, TaskState.FAILED, TaskState.SHUTDOWN, 1),
        task("b2", NODE2, TaskState.FAILED, TaskState.SHUTDOWN, 3)));
    assertThat(failing.converged()).isFalse();
    assertThat(failing.failure()).isEqualTo("task mon." + NODE2 + " failed: exit 1");
  }
}
