package swarm.cli.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.FakeCluster.NODE1;
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

/** join-token, join, leave, update and init's join hint against a fake daemon. */
@Timeout(30)
class SwarmCommandsEndToEndTest {
  private static final String NL = System.lineSeparator();
  private static final String WORKER_TOKEN = "SWMTKN-1-" + "a".repeat(50) + "-" + "w".repeat(25);
  private static final String MANAGER_TOKEN = "SWMTKN-1-" + "a".repeat(50) + "-" + "m".repeat(25);

  @TempDir
  Path dir;
  FakeDaemon daemon;
  final AtomicReference<JsonNode> body = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
    FakeCluster.common(daemon.router());
    daemon.router().get("/swarm").handler(ctx -> json(ctx, """
        {"ID":"cluster1","Version":{"Index":12},"Spec":{"Name":"default","Orchestration":{"TaskHistoryRetentionLimit":5},
         "Dispatcher":{"HeartbeatPeriod":5000000000}},"JoinTokens":{"Worker":"%s","Manager":"%s"}}
        """.formatted(WORKER_TOKEN, MANAGER_TOKEN)));
    daemon.router().post("/swarm/update").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      ctx.response().end();
    });
    daemon.start();
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }


  @Test
  void joinTokenPrintsDockersTextWithThisManagersClusterAddress() throws Exception {
    Cli.Result r = daemon.swarm("join-token", "worker");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(String.join(NL,
        "To add a worker to this swarm, run the following command:",
        "",
        "    swarm join --token " + WORKER_TOKEN + " 10.0.0.1:2377",
        "", ""));
    assertThat(daemon.swarm("join-token", "-q", "manager").out()).isEqualTo(MANAGER_TOKEN + NL);
  }

  @Test
  void joinTokenRotateUpdatesTheSwarmFirst() throws Exception {
    Cli.Result r = daemon.swarm("join-token", "--rotate", "manager");
    assertThat(r.out()).startsWith("Successfully rotated manager join token." + NL + NL
        + "To add a manager to this swarm, run the following command:");
    assertThat(daemon.requests()).contains("POST /swarm/update?version=12&rotateManagerToken=true");
    assertThat(body.get().path("Dispatcher").path("HeartbeatPeriod").asLong()).isEqualTo(5_000_000_000L);
  }

  @Test
  void joinSendsDockersJoinRequestAndSaysWhichRole() throws Exception {
    daemon.router().post("/swarm/join").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, "{\"Role\":\"manager\"}");
    });
    Cli.Result r = daemon.swarm("join", "--token", MANAGER_TOKEN, "--advertise-addr", "10.0.0.3", "10.0.0.1");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("This node joined a swarm as a manager." + NL);
    assertThat(body.get().path("RemoteAddrs").get(0).asText()).isEqualTo("10.0.0.1:2377");
    assertThat(body.get().path("JoinToken").asText()).isEqualTo(MANAGER_TOKEN);
    assertThat(body.get().path("ListenAddr").asText()).isEqualTo("0.0.0.0:2377");
    assertThat(body.get().path("AdvertiseAddr").asText()).isEqualTo("10.0.0.3");
  }

  @Test
  void leaveWithForce() throws Exception {
    daemon.router().post("/swarm/leave").handler(ctx -> ctx.response().end());
    assertThat(daemon.swarm("leave", "-f").out()).isEqualTo("Node left the swarm." + NL);
    assertThat(daemon.requests()).contains("POST /swarm/leave?force=1");
  }

  @Test
  void updateChangesOnlyTheFlagsSettingsBasedOnTheVersionRead() throws Exception {
    Cli.Result r = daemon.swarm("update", "--dispatcher-heartbeat", "2s", "--cert-expiry", "720h", "--task-history-limit",
        "10");
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("Swarm updated." + NL);
    assertThat(daemon.requests()).contains("POST /swarm/update?version=12");
    assertThat(body.get().path("Name").asText()).isEqualTo("default");
    assertThat(body.get().path("Dispatcher").path("HeartbeatPeriod").asLong()).isEqualTo(2_000_000_000L);
    assertThat(body.get().path("CAConfig").path("NodeCertExpiry").asLong()).isEqualTo(720L * 3600 * 1_000_000_000L);
    assertThat(body.get().path("Orchestration").path("TaskHistoryRetentionLimit").asLong()).isEqualTo(10);
  }

  @Test
  void initPrintsTheWorkerJoinCommand() throws Exception {
    daemon.router().post("/swarm/init").handler(BodyHandler.create(false)).handler(ctx -> json(ctx,
        "\"" + NODE1 + "\""));
    Cli.Result r = daemon.swarm("init");
    assertThat(r.out()).isEqualTo(String.join(NL,
        "Swarm initialized: current node (" + NODE1 + ") is now a manager.",
        "",
        "To add a worker to this swarm, run the following command:",
        "",
        "    swarm join --token " + WORKER_TOKEN + " 10.0.0.1:2377",
        "",
        "To add a manager to this swarm, run 'swarm join-token manager' and follow the instructions.",
        "", ""));
  }
}
