package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.NODE2;
import static swarm.cli.FakeCluster.WEB;
import static swarm.cli.FakeCluster.json;
import static swarm.cli.FakeCluster.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.cli.FakeCluster;
import swarm.cli.FakeDaemon;
import swarm.core.json.Json;

/** The service commands end to end: the real client over a unix socket to a daemon serving canned JSON. */
@Timeout(30)
class ServiceCommandsEndToEndTest {
  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() {
    daemon = new FakeDaemon(dir);
    FakeCluster.common(daemon.router());
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }


  private void webTasks(String... tasks) {
    daemon.router().get("/tasks").handler(ctx -> json(ctx, "[" + String.join(",", tasks) + "]"));
  }

  @Test
  void lsShowsReplicasImageWithoutPinAndPorts() throws Exception {
    daemon.router().get("/services").handler(ctx -> json(ctx, "[" + FakeCluster.service(WEB, "web", 3, 5) + ","
        + FakeCluster.service("svcapixxxxxxxxxxxxxxxxxxx", "api", 1, 6) + "]"));
    webTasks(task("t1", 1, NODE1, "running", "running", "2026-01-01T00:00:07Z", null),
        task("t2", 2, NODE1, "running", "running", "2026-01-01T00:00:07Z", null),
        task("t3", 3, NODE2, "pending", "running", "2026-01-01T00:00:07Z", null));

    Cli.Result table = daemon.swarm("service", "ls");
    assertThat(table.code()).isZero();
    assertThat(table.out()).isEqualTo(String.join(NL,
        "ID             NAME   MODE         REPLICAS   IMAGE            PORTS",
        "svcapixxxxxx   api    replicated   0/1        busybox:latest   *:8080->80/tcp",
        "svcwebxxxxxx   web    replicated   2/3        busybox:latest   *:8080->80/tcp", ""));

    Cli.Result json = daemon.swarm("service", "ls", "--format", "json");
    List<String> lines = json.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode web = Json.MAPPER.readTree(lines.get(1));
    assertThat(web.path("Name").asText()).isEqualTo("web");
    assertThat(web.path("Replicas").asText()).isEqualTo("2/3");
    assertThat(web.path("Image").asText()).isEqualTo("busybox:latest");

    assertThat(daemon.swarm("service", "ls", "-q").out()).isEqualTo("svcapixxxxxx" + NL + "svcwebxxxxxx" + NL);
  }

  @Test
  void psPrintsJsonLinesAndTablesWithHistory() throws Exception {
    daemon.router().get("/services/web").handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 2, 5)));
    webTasks(task("t1aaaaaaaaaaaaaaaaaaaaaaa", 1, NODE1, "running", "running", "2026-01-01T00:00:07Z", null),
        task("t2bbbbbbbbbbbbbbbbbbbbbbb", 2, NODE2, "running", "running", "2026-01-01T00:00:08Z", null),
        task("t2oldbbbbbbbbbbbbbbbbbbbb", 2, NODE2, "failed", "shutdown", "2026-01-01T00:00:02Z",
            "task: non-zero exit (1)"));

    Cli.Result json = daemon.swarm("service", "ps", "--format", "json", "web");
    assertThat(json.code()).isZero();
    List<JsonNode> rows = json.out().lines().map(l -> {
      try {
        return Json.MAPPER.readTree(l);
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    }).toList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).path("ID").asText()).isEqualTo("t1aaaaaaaaaa");
    assertThat(rows.get(0).path("Name").asText()).isEqualTo("web.1");
    assertThat(rows.get(0).path("Image").asText()).isEqualTo("busybox:latest");
    assertThat(rows.get(0).path("Node").asText()).isEqualTo("host-1");
    assertThat(rows.get(0).path("DesiredState").asText()).isEqualTo("Running");
    assertThat(rows.get(0).path("CurrentState").asText()).isEqualTo("Running 3 seconds ago");
    assertThat(rows.get(2).path("Name").asText()).isEqualTo(" \\_ web.2");
    assertThat(rows.get(2).path("Error").asText()).isEqualTo("\"task: non-zero exit (1)\"");

    Cli.Result table = daemon.swarm("service", "ps", "web");
    assertThat(table.out()).isEqualTo(String.join(NL,
        "ID             NAME        IMAGE            NODE     DESIRED STATE   CURRENT STATE           ERROR                       PORTS",
        "t1aaaaaaaaaa   web.1       busybox:latest   host-1   Running         Running 3 seconds ago",
        "t2bbbbbbbbbb   web.2       busybox:latest   host-2   Running         Running 2 seconds ago",
        "t2oldbbbbbbb    \\_ web.2   busybox:latest   host-2   Shutdown        Failed 8 seconds ago    \"task: non-zero exit (1)\"", ""));

    daemon.swarm("service", "ps", "-f", "desired-state=running", "web");
    assertThat(daemon.requests()).anyMatch(r -> r.contains("/tasks?filters=") && r.contains("desired-state"));
  }

  @Test
  void createSendsTheSpecAndWaitsUntilEveryReplicaRuns() throws Exception {
    AtomicReference<JsonNode> body = new AtomicReference<>();
    daemon.router().post("/services/create").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, 201, "{\"ID\":\"" + WEB + "\",\"Warnings\":[]}");
    });
    daemon.router().get("/services/" + WEB).handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 2, 5)));
    AtomicInteger polls = new AtomicInteger();
    daemon.router().get("/tasks").handler(ctx -> {
      int n = polls.incrementAndGet();
      String second = n < 3 ? "starting" : "running";
      json(ctx, "[" + task("t1", 1, NODE1, "running", "running", "2026-01-01T00:00:07Z", null) + ","
          + task("t2", 2, NODE1, second, "running", "2026-01-01T00:00:07Z", null) + "]");
    });

    Cli.Result r = daemon.swarm("service", "create", "--name", "web", "--replicas", "2", "--limit-cpu", "0.5",
        "--limit-memory", "64M", "busybox", "sh", "-c", "echo hi");

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith(WEB + NL).endsWith("verify: Service web converged" + NL)
        .contains("overall progress: 1 out of 2 tasks", "2/2: starting  [====",
            "overall progress: 2 out of 2 tasks", "2/2: running   [==================================================>]");
    JsonNode c = body.get().path("TaskTemplate").path("ContainerSpec");
    assertThat(c.path("Image").asText()).isEqualTo("busybox");
    assertThat(c.path("Args")).extracting(JsonNode::asText).containsExactly("sh", "-c", "echo hi");
    assertThat(body.get().path("TaskTemplate").path("Resources").path("Limits").path("NanoCPUs").asLong())
        .isEqualTo(500_000_000L);
    assertThat(body.get().path("TaskTemplate").path("Resources").path("Limits").path("MemoryBytes").asLong())
        .isEqualTo(67_108_864L);
    assertThat(body.get().path("Mode").has("Global")).isFalse();
  }

  @Test
  void createFailsWithTheTaskErrorWhenAReplicaCannotStart() throws Exception {
    daemon.router().post("/services/create").handler(ctx -> json(ctx, 201, "{\"ID\":\"" + WEB + "\"}"));
    daemon.router().get("/services/" + WEB).handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 2, 5)));
    AtomicInteger polls = new AtomicInteger();
    daemon.router().get("/tasks").handler(ctx -> {
      String tasks = task("t1", 1, NODE1, "running", "running", "2026-01-01T00:00:07Z", null) + ","
          + task("t2a", 2, NODE1, "failed", "shutdown", "2026-01-01T00:00:03Z", "task: non-zero exit (127)");
      if (polls.incrementAndGet() > 2) {
        tasks += "," + task("t2b", 2, NODE1, "failed", "shutdown", "2026-01-01T00:00:08Z", "task: non-zero exit (127)");
      }
      json(ctx, "[" + tasks + "]");
    });

    Cli.Result r = daemon.swarm("service", "create", "--name", "web", "--replicas", "2", "busybox", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: task web.2 failed: task: non-zero exit (127)" + NL);
    assertThat(r.out()).startsWith(WEB + NL);
  }

  @Test
  void createWithDetachPrintsTheIdOnly() throws Exception {
    daemon.router().post("/services/create").handler(ctx -> json(ctx, 201, "{\"ID\":\"" + WEB + "\",\"Warnings\":[\"w1\"]}"));
    Cli.Result r = daemon.swarm("service", "create", "-d", "--name", "web", "busybox");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(WEB + NL);
    assertThat(r.err()).isEqualTo("warning: w1" + NL);
  }

  @Test
  void daemonErrorsArePrintedAsOneLine() throws Exception {
    daemon.router().post("/services/create").handler(ctx -> json(ctx, 409,
        "{\"message\":\"service web already exists\"}"));
    Cli.Result r = daemon.swarm("service", "create", "--name", "web", "busybox");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: service web already exists" + NL);
  }

  @Test
  void scaleUpdatesOnlyTheReplicasAtTheCurrentVersion() throws Exception {
    AtomicReference<JsonNode> body = new AtomicReference<>();
    daemon.router().get("/services/web").handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 2, 7)));
    daemon.router().post("/services/" + WEB + "/update").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, "{\"Warnings\":[]}");
    });
    Cli.Result r = daemon.swarm("service", "scale", "-d", "web=5");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("web scaled to 5" + NL);
    assertThat(daemon.requests()).contains("POST /services/" + WEB + "/update?version=7");
    assertThat(body.get().path("Mode").path("Replicated").path("Replicas").asLong()).isEqualTo(5);
    assertThat(body.get().path("TaskTemplate").path("ContainerSpec").path("Args")).hasSize(2);
    assertThat(body.get().path("Name").asText()).isEqualTo("web");
  }

  @Test
  void logsArePrefixedWithTaskAndNodeAndSplitByStream() throws Exception {
    daemon.router().get("/services/web").handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 2, 5)));
    webTasks(task("t1aaaaaaaaaaaaaaaaaaaaaaa", 1, NODE1, "running", "running", "2026-01-01T00:00:07Z", null),
        task("t2bbbbbbbbbbbbbbbbbbbbbbb", 2, NODE2, "running", "running", "2026-01-01T00:00:07Z", null));
    daemon.router().get("/services/" + WEB + "/logs").handler(ctx -> {
      String d1 = "com.docker.swarm.node.id=" + NODE1 + ",com.docker.swarm.service.id=" + WEB
          + ",com.docker.swarm.task.id=t1aaaaaaaaaaaaaaaaaaaaaaa";
      String d2 = "com.docker.swarm.node.id=" + NODE2 + ",com.docker.swarm.service.id=" + WEB
          + ",com.docker.swarm.task.id=t2bbbbbbbbbbbbbbbbbbbbbbb";
      Buffer all = Buffer.buffer().appendBuffer(FakeCluster.frame(1, d1 + " hello world\n"))
          .appendBuffer(FakeCluster.frame(2, d2 + " oops\n"))
          .appendBuffer(FakeCluster.frame(1, d2 + " second | line\n"));
      ctx.response().setChunked(true).putHeader("Content-Type", "application/vnd.docker.multiplexed-stream");
      ctx.response().write(all.slice(0, 13));
      ctx.response().end(all.slice(13, all.length()));
    });

    Cli.Result r = daemon.swarm("service", "logs", "--tail", "5", "web");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("web.1.t1aaaaaaaaaa@host-1    | hello world" + NL
        + "web.2.t2bbbbbbbbbb@host-2    | second | line" + NL);
    assertThat(r.err()).isEqualTo("web.2.t2bbbbbbbbbb@host-2    | oops" + NL);
    assertThat(daemon.requests()).anyMatch(q -> q.startsWith("GET /services/" + WEB + "/logs?")
        && q.contains("tail=5") && q.contains("details=1") && q.contains("follow=0"));

    Cli.Result short_ = daemon.swarm("service", "logs", "--no-task-ids", "web");
    assertThat(short_.out()).startsWith("web.1@host-1    | hello world" + NL);
  }

  @Test
  void inspectPrintsAnArrayAndReportsMissingServices() throws Exception {
    daemon.router().get("/services/web").handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 2, 5)));
    daemon.router().get("/services/nope").handler(ctx -> json(ctx, 404, "{\"message\":\"service nope not found\"}"));
    Cli.Result r = daemon.swarm("service", "inspect", "web", "nope");
    assertThat(r.code()).isEqualTo(1);
    JsonNode array = Json.MAPPER.readTree(r.out());
    assertThat(array).hasSize(1);
    assertThat(array.get(0).path("ID").asText()).isEqualTo(WEB);
    assertThat(r.out()).startsWith("[\n    {\n        \"ID\": ");
    assertThat(r.err()).isEqualTo("error: service nope not found" + NL);

    Cli.Result pretty = daemon.swarm("service", "inspect", "--pretty", "web");
    assertThat(pretty.out()).contains("Name:               web", " Replicas:          2",
        " Image:             busybox:latest", " Args:              sleep 1000");
  }

  @Test
  void rmPrintsEachNameAndReportsFailures() throws Exception {
    daemon.router().delete("/services/web").handler(ctx -> ctx.response().end());
    daemon.router().delete("/services/nope").handler(ctx -> json(ctx, 404, "{\"message\":\"service nope not found\"}"));
    Cli.Result r = daemon.swarm("service", "rm", "web", "nope");
    assertThat(r.out()).isEqualTo("web" + NL);
    assertThat(r.err()).isEqualTo("error: service nope not found" + NL);
    assertThat(r.code()).isEqualTo(1);
  }
}
