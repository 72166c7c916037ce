package swarm.cli.node;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.NODE2;
import static swarm.cli.FakeCluster.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
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

/** node update, promote, demote, rm and inspect --pretty against a fake daemon. */
@Timeout(30)
class NodeCommandsEndToEndTest {
  private static final String NL = System.lineSeparator();
  private static final String WORKER = """
      {"ID":"%s","Version":{"Index":7},"CreatedAt":"2026-01-01T00:00:05.5Z",
       "Spec":{"Role":"worker","Availability":"active","Labels":{"a":"1","b":"2"}},
       "Description":{"Hostname":"host-2","Platform":{"OS":"linux","Architecture":"x86_64"},
                      "Resources":{"NanoCPUs":4000000000,"MemoryBytes":8272408576},
                      "Engine":{"EngineVersion":"0.1.0"}},
       "Status":{"State":"ready","Addr":"10.0.0.2"}}
      """.formatted(NODE2);

  @TempDir
  Path dir;
  FakeDaemon daemon;
  final AtomicReference<JsonNode> body = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
    FakeCluster.common(daemon.router());
    daemon.router().get("/nodes/host-2").handler(ctx -> json(ctx, WORKER));
    daemon.router().post("/nodes/" + NODE2 + "/update").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, "{\"Warnings\":[]}");
    });
    daemon.start();
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }


  @Test
  void updateSendsTheWholeSpecBackBasedOnTheVersionRead() throws Exception {
    Cli.Result r = daemon.swarm("node", "update", "--availability", "DRAIN", "--label-add", "zone=x", "--label-rm", "b",
        "host-2");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("host-2" + NL);
    assertThat(daemon.requests()).contains("POST /nodes/" + NODE2 + "/update?version=7");
    assertThat(body.get().path("Availability").asText()).isEqualTo("drain");
    assertThat(body.get().path("Role").asText()).isEqualTo("worker");
    assertThat(Json.MAPPER.convertValue(body.get().path("Labels"), java.util.Map.class))
        .isEqualTo(java.util.Map.of("a", "1", "zone", "x"));
  }

  @Test
  void removingALabelThatIsNotThereSendsNothing() throws Exception {
    Cli.Result r = daemon.swarm("node", "update", "--label-rm", "nope", "host-2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: key nope doesn't exist in node's labels" + NL);
    assertThat(body.get()).isNull();
  }

  @Test
  void promotePrintsDockersLineAndTheDaemonsWarningsOnStderr() throws Exception {
    daemon.router().post("/nodes/" + NODE2 + "/update").order(-1).handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, "{\"Warnings\":[\"the swarm will not tolerate the loss of a manager\"]}");
    });
    Cli.Result r = daemon.swarm("node", "promote", "host-2");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Node host-2 promoted to a manager in the swarm." + NL);
    assertThat(r.err()).isEqualTo("warning: the swarm will not tolerate the loss of a manager" + NL);
    assertThat(body.get().path("Role").asText()).isEqualTo("manager");
  }

  @Test
  void demotingAWorkerSaysSoAndSendsNothing() throws Exception {
    Cli.Result r = daemon.swarm("node", "demote", "host-2");
    assertThat(r.out()).isEqualTo("Node host-2 is already a worker." + NL);
    assertThat(body.get()).isNull();
  }

  @Test
  void demotingTheLastManagerReportsTheDaemonsRefusal() throws Exception {
    daemon.router().get("/nodes/host-1").handler(ctx -> json(ctx, "{\"ID\":\"" + NODE1 + "\",\"Version\":{\"Index\":3},"
        + "\"Spec\":{\"Role\":\"manager\",\"Availability\":\"active\"}}"));
    daemon.router().post("/nodes/" + NODE1 + "/update").handler(ctx -> json(ctx, 400,
        "{\"message\":\"attempting to demote the last manager of the swarm\"}"));
    Cli.Result r = daemon.swarm("node", "demote", "host-1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: attempting to demote the last manager of the swarm" + NL);
  }

  @Test
  void rmPrintsEachNodeAndPassesForce() throws Exception {
    daemon.router().delete("/nodes/host-2").handler(ctx -> ctx.response().end());
    daemon.router().delete("/nodes/host-3").handler(ctx -> json(ctx, 400,
        "{\"message\":\"node host-3 is not down and can't be removed (use --force)\"}"));

    assertThat(daemon.swarm("node", "rm", "-f", "host-2").out()).isEqualTo("host-2" + NL);
    assertThat(daemon.requests()).contains("DELETE /nodes/host-2?force=1");
    Cli.Result r = daemon.swarm("node", "rm", "host-3", "host-2");
    assertThat(r.out()).isEqualTo("host-2" + NL);
    assertThat(r.err()).isEqualTo("error: node host-3 is not down and can't be removed (use --force)" + NL);
    assertThat(daemon.requests()).contains("DELETE /nodes/host-2");
  }

  @Test
  void inspectPrettyIsDockersLayout() throws Exception {
    daemon.router().get("/nodes/host-1").handler(ctx -> json(ctx, """
        {"ID":"%s","CreatedAt":"2026-01-01T00:00:00Z","Spec":{"Role":"manager","Availability":"active"},
         "Description":{"Hostname":"host-1","Platform":{"OS":"linux","Architecture":"x86_64"},
                        "Resources":{"NanoCPUs":2000000000,"MemoryBytes":1073741824}},
         "Status":{"State":"ready","Addr":"10.0.0.1"},
         "ManagerStatus":{"Leader":true,"Reachability":"reachable","Addr":"10.0.0.1:4001"}}
        """.formatted(NODE1)));
    Cli.Result r = daemon.swarm("node", "inspect", "--pretty", "host-2", "host-1");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(String.join(NL,
        "ID:                     " + NODE2,
        "Labels:",
        " - a=1",
        " - b=2",
        "Hostname:               host-2",
        "Joined at:              2026-01-01 00:00:05.5 +0000 utc",
        "Status:",
        " State:                 Ready",
        " Availability:          Active",
        " Address:               10.0.0.2",
        "Platform:",
        " Operating System:      linux",
        " Architecture:          x86_64",
        "Resources:",
        " CPUs:                  4",
        " Memory:                7.704GiB",
        "Engine Version:         0.1.0",
        "",
        "ID:                     " + NODE1,
        "Hostname:               host-1",
        "Joined at:              2026-01-01 00:00:00 +0000 utc",
        "Status:",
        " State:                 Ready",
        " Availability:          Active",
        " Address:               10.0.0.1",
        "Manager Status:",
        " Address:               10.0.0.1:4001",
        " Raft Status:           Reachable",
        " Leader:                Yes",
        "Platform:",
        " Operating System:      linux",
        " Architecture:          x86_64",
        "Resources:",
        " CPUs:                  2",
        " Memory:                1GiB",
        ""));
  }
}
