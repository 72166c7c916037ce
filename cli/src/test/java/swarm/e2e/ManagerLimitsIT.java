package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import swarm.core.json.Json;

/**
 * What one careless call must not do to a manager: a spec asking for more tasks than the managers' heap holds,
 * or one too large for the log, is refused with the limit named; a listing of thousands of tasks is streamed,
 * and the daemon stays up through all of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagerLimitsIT {
  private TestDaemon daemon;

  @BeforeAll
  void startSwarm() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
    assertThat(daemon.cli("service", "create", "--detach", "--name", "web", "busybox:test", "sleep", "3600").code())
        .isZero();
  }

  @AfterAll
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** Refused as {@link TestDaemon#refused} checks, naming the limit as written (case too), and the daemon still up. */
  private void refused(String expected, String... args) throws Exception {
    assertThat(daemon.refused(expected, args).err()).contains(expected);
    assertThat(daemon.cli("info").code()).as("the daemon is still up").isZero();
  }

  @Test
  void aBillionReplicasAreRefusedNamingTheLimit() throws Exception {
    refused("invalid replicas 1000000000 (--replicas): at most ", "service", "create", "--detach", "--name", "huge",
        "--replicas", "1000000000", "busybox:test", "sleep", "3600");
    refused("invalid replicas 2147483648 (--replicas): at most ", "service", "scale", "--detach", "web=2147483648");
  }

  @Test
  void aSpecTooLargeToUpdateLaterIsRefusedAtCreate() throws Exception {
    List<String> args = new ArrayList<>(List.of("service", "create", "--detach", "--name", "fat"));
    for (int i = 0; i < 6; i++) { // six arguments of 100 KB: one argument may not pass 128 KB
      args.add("-e");
      args.add("V" + i + "=" + "x".repeat(100_000));
    }
    args.addAll(List.of("busybox:test", "true"));
    refused("service spec is too large", args.toArray(String[]::new));
  }

  @Test
  void thousandsOfTasksAreListedAsAStream() throws Exception {
    // Tasks that no node can take stay pending: thousands of them cost the node nothing but state.
    assertThat(daemon.cli("service", "create", "--detach", "--name", "many", "--replicas", "3000", "--constraint",
        "node.labels.nosuch==x", "busybox:test", "true").code()).isZero();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .until(() -> tasksOf(get("/tasks")).size() >= 3001);

    String response = get("/v1.41/tasks");
    assertThat(response.lines().takeWhile(l -> !l.isEmpty()).toList())
        .anyMatch(h -> h.equalsIgnoreCase("transfer-encoding: chunked"));
    List<JsonNode> tasks = tasksOf(response);
    assertThat(tasks).hasSize(3001);
    assertThat(tasks.stream().filter(t -> t.path("ServiceID").asText().length() > 0)).hasSize(3001);
    TestDaemon.Result rm = daemon.cli("service", "rm", "many");
    assertThat(rm.code()).as("service rm many: %s", rm.err()).isZero();
  }

  /** A raw HTTP/1.1 GET on the daemon's socket, as docker's client sends it; the whole response. */
  private String get(String path) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(daemon.socket));
      ch.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buf) >= 0) {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** The JSON array of a response, chunked or not. */
  private static List<JsonNode> tasksOf(String response) throws IOException {
    int bodyAt = response.indexOf("\r\n\r\n") + 4;
    boolean chunked = response.substring(0, bodyAt).toLowerCase().contains("transfer-encoding: chunked");
    String body = response.substring(bodyAt);
    if (chunked) {
      StringBuilder joined = new StringBuilder();
      int i = 0;
      while (true) {
        int eol = body.indexOf("\r\n", i);
        int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
        if (size == 0) {
          break;
        }
        // Chunk sizes count bytes; the body is ASCII JSON here, so bytes and chars agree.
        joined.append(body, eol + 2, eol + 2 + size);
        i = eol + 2 + size + 2;
      }
      body = joined.toString();
    }
    List<JsonNode> tasks = new ArrayList<>();
    Json.MAPPER.readTree(body).forEach(tasks::add);
    return tasks;
  }
}
