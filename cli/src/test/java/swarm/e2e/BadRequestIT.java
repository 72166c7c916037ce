package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import swarm.core.testing.Tars;

/**
 * Requests no well-behaved client sends, written byte by byte to a real daemon's socket: each is a 400 (or the
 * status Docker gives) whose message says what was wrong, and nothing changed (no service, no image, no file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC = "{\"Name\":\"api\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:test\","
      + "\"Args\":[\"sleep\",\"3600\"]%s}%s}%s}";
  private TestDaemon daemon;

  @BeforeAll
  void startSwarmWithOneService() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
    assertThat(daemon.cli("service", "create", "--name", "web", "--detach", "--stop-grace-period", "1s",
        "busybox:test", "sleep", "3600").code()).isZero();
  }

  @AfterAll
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  /** A service spec: {@code container} inside ContainerSpec, {@code task} inside TaskTemplate, {@code top} at the top. */
  private static String spec(String container, String task, String top) {
    return String.format(SPEC, container, task, top);
  }

  private RawHttp.Response post(String path, String body) throws IOException {
    return RawHttp.json(daemon.socket, "POST", path, body);
  }

  private String services() throws IOException {
    return RawHttp.json(daemon.socket, "GET", "/services", null).body();
  }

  private static void refused(RawHttp.Response r, int status, String... expected) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.message()).as(r.body()).contains(expected).doesNotContain("Exception", "internal error");
  }

  private void createRefused(String body, String... expected) throws IOException {
    String before = services();
    refused(post("/v1.41/services/create", body), 400, expected);
    assertThat(services()).isEqualTo(before);
  }

  @Test
  void nullOrEmptyBodyOnCreateAndUpdateIsA400() throws IOException {
    createRefused("null", "request body", "ServiceSpec");
    createRefused("", "request body is empty");
    JsonNode web = JSON.readTree(RawHttp.json(daemon.socket, "GET", "/services/web", null).body());
    String before = services();
    refused(post("/services/web/update?version=" + web.path("Version").path("Index").asLong(), "null"), 400,
        "request body");
    assertThat(services()).isEqualTo(before);
  }

  @Test
  void valuesOfTheWrongJsonTypeAreNamedByTheirPath() throws IOException {
    createRefused(spec("", "", ",\"Mode\":{\"Replicated\":{\"Replicas\":\"3\"}}"),
        "Mode.Replicated.Replicas", "expected an integer", "\"3\"");
    createRefused(spec("", "", ",\"Mode\":{\"Replicated\":{\"Replicas\":1.5}}"),
        "Mode.Replicated.Replicas", "expected an integer", "1.5");
    createRefused("{\"Name\":123,\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:test\"}}}",
        "Name", "expected a string", "123");
    createRefused(spec(",\"Env\":[\"A=1\",null]", "", ""), "TaskTemplate.ContainerSpec.Env[1]", "null");
    createRefused(spec("", ",\"Resources\":{\"Limits\":{\"MemoryBytes\":99999999999999999999}}", ""),
        "TaskTemplate.Resources.Limits.MemoryBytes");
  }

  @Test
  void anythingAfterTheJsonValueIsRefused() throws IOException {
    createRefused(spec("", "", "") + " {}", "after the JSON value");
    createRefused(spec("", "", "") + "garbage", "line 1");
  }

  @Test
  void valuesDockerRefusesAreRefused() throws IOException {
    createRefused(spec(",\"StopSignal\":\"SIGBOGUS\"", "", ""), "SIGBOGUS");
    createRefused(spec(",\"Dir\":\"rel/dir\"", "", ""), "rel/dir", "absolute");
    createRefused(spec("", ",\"Resources\":{\"Limits\":{\"NanoCPUs\":9223372036854775807}}", ""), "CPU");
    createRefused(spec("", ",\"Resources\":{\"Reservations\":{\"NanoCPUs\":9223372036854775807}}", ""), "CPU");
    String longName = "a".repeat(300);
    createRefused(spec("", "", "").replace("busybox:test", longName), "255 characters");
  }

  @Test
  void updateBasedOnVersionZeroIsOutOfSequence() throws IOException {
    String before = services();
    RawHttp.Response r = post("/services/web/update?version=0",
        "{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:test\"}}}");
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.message()).contains("update out of sequence", "version 0").doesNotContain("already exists");
    assertThat(services()).isEqualTo(before);
  }

  @Test
  void onlyTheApiVersionsWeClaimAreServed() throws IOException {
    JsonNode version = JSON.readTree(RawHttp.json(daemon.socket, "GET", "/version", null).body());
    String max = version.path("ApiVersion").asText();
    String min = version.path("MinAPIVersion").asText();
    refused(RawHttp.json(daemon.socket, "GET", "/v9.99/_ping", null), 400,
        "client version 9.99 is too new. Maximum supported API version is " + max);
    refused(RawHttp.json(daemon.socket, "GET", "/v1.12/version", null), 400,
        "client version 1.12 is too old. Minimum supported API version is " + min);
    assertThat(RawHttp.json(daemon.socket, "GET", "/v" + max + "/_ping", null).status()).isEqualTo(200);
    assertThat(RawHttp.json(daemon.socket, "GET", "/v" + min + "/_ping", null).status()).isEqualTo(200);
    assertThat(RawHttp.json(daemon.socket, "GET", "/_ping", null).status()).isEqualTo(200);
  }

  @Test
  void http11WithoutHostIsA400() throws IOException {
    RawHttp.Response r = RawHttp.raw(daemon.socket,
        "GET /v1.41/_ping HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).containsIgnoringCase("host");
  }

  @Test
  void importOfAnythingButASafeCompleteTarIsA400AndLeavesNothing() throws IOException {
    byte[] notTar = "this is not a tar archive\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    importRefused(notTar, "not a tar archive");
    importRefused(new byte[0], "empty");
    importRefused(new Tars().file("bin/hello", "x".repeat(2000)).truncatedTo(512 + 700), "truncated");
    importRefused(new Tars().dir("etc/").file("../escape", "x").bytes(), "'../escape'", "outside");
    importRefused(new Tars().file("/etc/escaped", "x").bytes(), "'/etc/escaped'", "absolute");
    importRefused(new Tars().symlink("up", "../../../../tmp").bytes(), "'up'", "outside");
    importRefused(new Tars().symlink("etc", "/tmp").file("etc/escaped", "x").bytes(), "'etc/escaped'", "symlink");
    importRefused(new Tars().hardlink("passwd", "../../../../etc/passwd").bytes(), "'passwd'", "outside");
  }

  @Test
  void importUnderARepositoryNameLongerThanDockerAllowsIsRefused() throws IOException {
    importAsRefused(new Tars().file("hello", "x").bytes(), "a".repeat(300), "255 characters");
  }

  private void importRefused(byte[] tar, String... expected) throws IOException {
    importAsRefused(tar, "bad", expected);
  }

  private void importAsRefused(byte[] tar, String repo, String... expected) throws IOException {
    String images = RawHttp.json(daemon.socket, "GET", "/images/json", null).body();
    List<String> files = dataFiles();
    RawHttp.Response r = RawHttp.request(daemon.socket, "POST", "/v1.41/images/create?fromSrc=-&repo=" + repo
        + "&tag=1", "application/x-tar", tar);
    refused(r, 400, expected);
    assertThat(RawHttp.json(daemon.socket, "GET", "/images/json", null).body()).isEqualTo(images);
    assertThat(dataFiles()).isEqualTo(files);
  }

  /** Every file of the image store and the upload directory: what a refused import must not add to. */
  private List<String> dataFiles() throws IOException {
    List<String> out = new java.util.ArrayList<>();
    for (Path dir : List.of(daemon.dataDir.resolve("images"), daemon.dataDir.resolve("tmp"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.map(Path::toString).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  @Test
  void joinWithABodyThatIsNotJsonIsA400() throws Exception {
    JsonNode info = JSON.readTree(RawHttp.json(daemon.socket, "GET", "/info", null).body());
    String addr = info.path("Swarm").path("RemoteManagers").path(0).path("Addr").asText();
    int port = Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1));
    for (String body : List.of("this is not json", "null", "{\"Token\":\"x\"} trailing")) {
      String response = overTls(port, "POST /swarm-ext/join HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
      assertThat(response).as(body).startsWith("HTTP/1.1 400").contains("JoinRequest")
          .doesNotContain("Exception", "internal error");
    }
  }

  /** One request on the cluster port, trusting any certificate (this test checks the HTTP answer, not TLS). */
  private static String overTls(int port, String request) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
