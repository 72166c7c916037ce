package swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.NODE2;
import static swarm.cli.FakeCluster.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.json.Json;

/** node, image, init, info and version end to end against a fake daemon on a unix socket. */
@Timeout(30)
class OtherCommandsEndToEndTest {
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


  @Test
  void nodeLsMarksThisNodeAndTitleCasesStates() throws Exception {
    Cli.Result r = daemon.swarm("node", "ls");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(String.join(NL,
        "ID                            HOSTNAME   STATUS   AVAILABILITY   MANAGER STATUS   ENGINE VERSION",
        NODE1 + " *   host-1     Ready    Active         Leader           0.1.0",
        NODE2 + "     host-2     Down     Drain                           0.1.0", ""));
    JsonNode first = Json.MAPPER.readTree(daemon.swarm("node", "ls", "--format", "json").out().lines().findFirst().orElseThrow());
    assertThat(first.path("Self").asBoolean()).isTrue();
    assertThat(first.path("ManagerStatus").asText()).isEqualTo("Leader");
    assertThat(daemon.swarm("node", "ls", "-q").out()).isEqualTo(NODE1 + NL + NODE2 + NL);
  }

  @Test
  void nodeInspectSelf() throws Exception {
    daemon.router().get("/nodes/" + NODE1).handler(ctx -> json(ctx, "{\"ID\":\"" + NODE1 + "\"}"));
    Cli.Result r = daemon.swarm("node", "inspect", "self");
    assertThat(r.code()).isZero();
    assertThat(Json.MAPPER.readTree(r.out()).get(0).path("ID").asText()).isEqualTo(NODE1);
  }

  @Test
  void imageLoadStreamsTheArchiveAndPrintsWhatWasLoaded() throws Exception {
    Path archive = dir.resolve("busybox.tar");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(1).nextBytes(data);
    Files.write(archive, data);
    AtomicLong received = new AtomicLong();
    AtomicReference<String> length = new AtomicReference<>();
    daemon.router().post("/images/load").handler(ctx -> {
      length.set(ctx.request().getHeader("Content-Length"));
      ctx.request().handler(b -> received.addAndGet(b.length()));
      ctx.request().endHandler(v -> ctx.response().putHeader("Content-Type", "application/json")
          .end("{\"stream\":\"Loaded image: busybox:latest\\n\"}\n"));
      ctx.request().resume();
    });
    Cli.Result r = daemon.swarm("image", "load", "-i", archive.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("Loaded image: busybox:latest" + NL);
    assertThat(received.get()).isEqualTo(data.length);
    assertThat(length.get()).isEqualTo(String.valueOf(data.length));
  }

  @Test
  void imageLoadReportsTheDaemonsError() throws Exception {
    Path archive = dir.resolve("bad.tar");
    Files.writeString(archive, "not a tar");
    daemon.router().post("/images/load").handler(BodyHandler.create(false))
        .handler(ctx -> json(ctx, 400, "{\"message\":\"bad.tar is not a docker-save or OCI archive\"}"));
    Cli.Result r = daemon.swarm("image", "load", "-i", archive.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: bad.tar is not a docker-save or OCI archive" + NL);
  }

  @Test
  void imageImportPrintsTheNewId() throws Exception {
    Path rootfs = dir.resolve("rootfs.tar");
    Files.writeString(rootfs, "tar bytes");
    daemon.router().post("/images/create").handler(BodyHandler.create(false))
        .handler(ctx -> json(ctx, "{\"status\":\"sha256:abcdef\"}"));
    Cli.Result r = daemon.swarm("image", "import", rootfs.toString(), "app:v1");
    assertThat(r.out()).isEqualTo("sha256:abcdef" + NL);
    assertThat(daemon.requests()).contains("POST /images/create?fromSrc=-&repo=app&tag=v1");
  }

  @Test
  void imageLsShowsOneRowPerTag() throws Exception {
    long created = Cli.NOW.getEpochSecond() - 7200;
    daemon.router().get("/images/json").handler(ctx -> json(ctx, "[{\"Id\":\"sha256:0123456789abcdef\","
        + "\"RepoTags\":[\"busybox:latest\",\"busybox:1.36\"],\"Created\":" + created + ",\"Size\":4261545}]"));
    Cli.Result r = daemon.swarm("image", "ls");
    assertThat(r.out()).isEqualTo(String.join(NL,
        "REPOSITORY   TAG      IMAGE ID       CREATED       SIZE",
        "busybox      latest   0123456789ab   2 hours ago   4.26MB",
        "busybox      1.36     0123456789ab   2 hours ago   4.26MB", ""));
    assertThat(daemon.swarm("image", "ls", "-q").out()).isEqualTo("0123456789ab" + NL);
  }

  @Test
  void imageRmPrintsUntaggedAndDeleted() throws Exception {
    daemon.router().delete("/images/busybox:latest").handler(ctx -> json(ctx,
        "[{\"Untagged\":\"busybox:latest\"},{\"Deleted\":\"sha256:0123\"}]"));
    Cli.Result r = daemon.swarm("image", "rm", "busybox:latest");
    assertThat(r.out()).isEqualTo("Untagged: busybox:latest" + NL + "Deleted: sha256:0123" + NL);
  }

  @Test
  void initPrintsDockersFirstLine() throws Exception {
    AtomicReference<JsonNode> body = new AtomicReference<>();
    daemon.router().post("/swarm/init").handler(BodyHandler.create(false)).handler(ctx -> {
      body.set(Json.read(ctx.body().asString(), JsonNode.class));
      json(ctx, "\"" + NODE1 + "\"");
    });
    Cli.Result r = daemon.swarm("init", "--advertise-addr", "10.0.0.1");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Swarm initialized: current node (" + NODE1 + ") is now a manager." + NL);
    assertThat(body.get().path("ListenAddr").asText()).isEqualTo("0.0.0.0:2377");
    assertThat(body.get().path("AdvertiseAddr").asText()).isEqualTo("10.0.0.1");
  }

  @Test
  void initWhenAlreadyInASwarm() throws Exception {
    daemon.router().post("/swarm/init").handler(ctx -> json(ctx, 503,
        "{\"message\":\"this node is already part of a swarm\"}"));
    Cli.Result r = daemon.swarm("init");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: this node is already part of a swarm" + NL);
  }

  @Test
  void infoShowsTheSwarmSection() throws Exception {
    Cli.Result r = daemon.swarm("info");
    assertThat(r.out()).contains(" Containers: 3" + NL + "  Running: 2" + NL, " Swarm: active" + NL,
        "  NodeID: " + NODE1 + NL, "  Is Manager: true" + NL, "  ClusterID: cluster1" + NL, "  Managers: 1" + NL,
        "  Nodes: 2" + NL, " Data dir: /var/lib/swarm" + NL);
  }

  @Test
  void versionShowsClientAndServer() throws Exception {
    daemon.router().get("/version").handler(ctx -> json(ctx,
        "{\"Version\":\"0.1.0\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\"}"));
    Cli.Result r = daemon.swarm("version");
    assertThat(r.out()).contains("Client:", "Server:", " Version:           0.1.0", " API version:       1.41");
  }
}
