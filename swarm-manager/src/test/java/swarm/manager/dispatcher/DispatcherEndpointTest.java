package swarm.manager.dispatcher;

import swarm.core.dispatch.SessionMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.StateBuilder.spec;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.json.Json;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.ca.CertificateAuthority;
import swarm.manager.ca.NodeKeyPair;
import swarm.manager.ca.TlsMaterial;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.StateBuilder;

/** Worker sessions over WebSocket and mutual TLS, against real dispatchers, with a minimal in-test client. */
class DispatcherEndpointTest {
  private static final Duration PERIOD = Duration.ofMillis(300);
  private static final String DESCRIBE = "{\"Type\":\"description\",\"NodeID\":\"someone-else\","
      + "\"Description\":{\"Hostname\":\"w1-host\"}}";

  private final Vertx vertx = Vertx.vertx();
  private final CertificateAuthority ca = CertificateAuthority.create("cluster1", Clock.systemUTC());
  private final Store store = new Store();
  private final LocalProposer proposer;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  DispatcherEndpointTest() {
    store.reset(StateBuilder.state().readyNode("m2").service("s1", spec("web", 1))
        .task("s1", 1, TaskState.ASSIGNED, TaskState.RUNNING, "w1").build());
    proposer = new LocalProposer(store);
    // m2 holds its own node's session, as a manager's in-process worker does.
    Node m2 = store.current().nodes().get("m2");
    proposer.commit(CommandBatch.of(new StoreCommand.PutNode(m2.withStatus(
        new Node.Status(Node.State.READY, SessionOwner.message("m2"), null), Instant.now()), m2.version().index())),
        Duration.ofSeconds(1));
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    vertx.close().await();
  }

  private TlsMaterial material(CertificateAuthority authority, String nodeId, Node.Role role) {
    NodeKeyPair keys = NodeKeyPair.generate();
    return new TlsMaterial(authority.rootCa().certificate(), authority.issueForLocalNode(nodeId, role,
        keys.csr(nodeId), List.of(InetAddress.getLoopbackAddress())).certificate(), keys.privateKey());
  }

  private Dispatcher dispatcher(String managerId) {
    Dispatcher d = new Dispatcher(store, proposer, Clock.systemUTC(), Duration.ofMillis(10), Duration.ofSeconds(5),
        managerId, HeartbeatPolicy.of(PERIOD));
    closeables.add(d);
    return d;
  }

  /** A manager's TLS listener with only the dispatcher route mounted; returns its port. */
  private HttpServer serve(Dispatcher dispatcher, String managerId) {
    TlsMaterial tls = material(ca, managerId, Node.Role.MANAGER);
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(tls.nodeKeyPem()))
            .setCertValue(Buffer.buffer(tls.nodeCertPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem())))
        .setEnabledSecureTransportProtocols(Set.copyOf(TlsMaterial.PROTOCOLS));
    Router router = Router.router(vertx);
    new DispatcherEndpoint(vertx, dispatcher).mount(router);
    return vertx.createHttpServer(options).requestHandler(router).listen(0, "127.0.0.1").await();
  }

  private static final class Client {
    final List<String> received = new CopyOnWriteArrayList<>();
    final WebSocket ws;

    Client(WebSocket ws) {
      this.ws = ws;
      ws.textMessageHandler(received::add);
    }

    List<String> ofType(String type) {
      return received.stream().filter(m -> m.contains("\"Type\":\"" + type + "\"")).toList();
    }

    void send(String text) {
      ws.writeTextMessage(text).await();
    }
  }

  private WebSocket connect(TlsMaterial tls, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(tls.nodeKeyPem()))
            .setCertValue(Buffer.buffer(tls.nodeCertPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem()))));
    return client.connect(port, "127.0.0.1", DispatcherEndpoint.PATH).await();
  }

  private Client session(TlsMaterial tls, int port) {
    Client c = new Client(connect(tls, port));
    c.send(DESCRIBE);
    return c;
  }

  private Node node(String id) {
    return store.current().nodes().get(id);
  }

  @Test
  void aWorkerGetsItsAssignmentsAndReportsStatusUnderTheNodeIdOfItsCertificate() {
    HttpServer server = serve(dispatcher("m1"), "m1");
    Client w1 = session(material(ca, "w1", Node.Role.WORKER), server.actualPort());

    await().until(() -> !w1.ofType("assignments").isEmpty() && !w1.ofType("session").isEmpty());
    assertThat(w1.ofType("session").get(0)).contains("\"NodeID\":\"w1\"");
    assertThat(w1.ofType("assignments").get(0)).contains("\"ID\":\"t1\"");
    assertThat(node("w1").description().hostname()).isEqualTo("w1-host");
    assertThat(node("w1").isReady()).isTrue();
    assertThat(node("w1").status().addr()).isEqualTo("127.0.0.1");
    assertThat(node("someone-else")).isNull();

    w1.send(Json.toString(new SessionMessage.Status(List.of(new TaskStatusReport("t1",
        TaskStatus.of(TaskState.RUNNING, Instant.now(), "started"))))));
    await().until(() -> store.current().tasks().get("t1").state() == TaskState.RUNNING);
    await().until(() -> w1.ofType("assignments").stream().anyMatch(m -> m.contains("\"State\":\"running\"")));
  }

  @Test
  void heartbeatsKeepTheNodeReadyAndSilenceMarksItDownAndEndsTheSession() {
    Dispatcher dispatcher = dispatcher("m1");
    NodeHealthMonitor monitor = new NodeHealthMonitor(store, proposer, dispatcher, Clock.systemUTC(), id -> true);
    closeables.add(monitor);
    dispatcher.open("m1", new Node.Description("m1-host", null, null), a -> { });
    monitor.onLeaderReady();
    HttpServer server = serve(dispatcher, "m1");
    Client w1 = session(material(ca, "w1", Node.Role.WORKER), server.actualPort());
    await().until(() -> !w1.ofType("session").isEmpty());

    long timer = vertx.setPeriodic(100, id -> w1.ws.writeTextMessage("{\"Type\":\"heartbeat\"}"));
    long until = System.nanoTime() + PERIOD.multipliedBy(6).toNanos();
    while (System.nanoTime() < until) {
      assertThat(node("w1").isReady()).isTrue();
      Thread.yield();
    }
    assertThat(w1.ofType("heartbeat")).isNotEmpty().allMatch(m -> m.matches(".*\"Period\":\\d{8,9}.*"));

    vertx.cancelTimer(timer);
    await().atMost(Duration.ofSeconds(5)).until(() -> node("w1").status().state() == Node.State.DOWN);
    assertThat(node("w1").status().message()).isEqualTo(NodeHealthMonitor.HEARTBEAT_FAILURE);
    await().until(w1.ws::isClosed);
    assertThat(w1.ws.closeStatusCode()).isEqualTo(SessionConnection.HEARTBEAT_TIMEOUT);
    assertThat(node("m1").isReady()).isTrue();
  }

  @Test
  void aWorkerThatReconnectsToAnotherManagerGetsItsFullAssignmentsAgainAndStaysReady() {
    Dispatcher d1 = dispatcher("m1");
    NodeHealthMonitor leader = new NodeHealthMonitor(store, proposer, d1, Clock.systemUTC(), id -> true);
    closeables.add(leader);
    d1.open("m1", new Node.Description("m1-host", null, null), a -> { });
    leader.onLeaderReady();
    HttpServer s1 = serve(d1, "m1");
    HttpServer s2 = serve(dispatcher("m2"), "m2");
    TlsMaterial tls = material(ca, "w1", Node.Role.WORKER);

    Client first = session(tls, s1.actualPort());
    await().until(() -> !first.ofType("assignments").isEmpty());
    s1.close().await(); // the connection dies with its manager's listener
    await().until(first.ws::isClosed);

    Client second = session(tls, s2.actualPort());
    await().until(() -> !second.ofType("assignments").isEmpty());
    assertThat(second.ofType("assignments").get(0)).contains("\"ID\":\"t1\"");
    await().until(() -> SessionOwner.isHeldBy(node("w1"), "m2"));

    // The leader (m1) holds no session of w1 any more but trusts m2, which hears the heartbeats.
    long timer = vertx.setPeriodic(100, id -> second.ws.writeTextMessage("{\"Type\":\"heartbeat\"}"));
    long until = System.nanoTime() + PERIOD.multipliedBy(8).toNanos();
    while (System.nanoTime() < until) {
      assertThat(node("w1").status().state()).isNotEqualTo(Node.State.DOWN);
      Thread.yield();
    }
    vertx.cancelTimer(timer);
    assertThat(SessionOwner.isHeldBy(node("w1"), "m2")).isTrue();
  }

  @Test
  void aClientWithACertificateOfAnotherCaIsRefusedByTheHandshake() {
    HttpServer server = serve(dispatcher("m1"), "m1");
    CertificateAuthority other = CertificateAuthority.create("cluster1", Clock.systemUTC());
    TlsMaterial stranger = material(other, "w9", Node.Role.WORKER);
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(stranger.nodeKeyPem()))
            .setCertValue(Buffer.buffer(stranger.nodeCertPem())))
        // trusts the swarm's CA, so only the server's check of the client certificate can refuse it
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(
            material(ca, "x", Node.Role.WORKER).caCertPem()))));
    assertThatThrownBy(() -> client.connect(server.actualPort(), "127.0.0.1", DispatcherEndpoint.PATH).await())
        .isNotNull();
    assertThat(node("w9")).isNull();
  }

  @Test
  void logRequestsAreRelayedToTheWorkerAndEndWhenItsConnectionCloses() {
    Dispatcher dispatcher = dispatcher("m1");
    HttpServer server = serve(dispatcher, "m1");
    Client w1 = session(material(ca, "w1", Node.Role.WORKER), server.actualPort());
    await().until(() -> !w1.ofType("session").isEmpty());

    List<LogLine> lines = new CopyOnWriteArrayList<>();
    List<String> ends = new CopyOnWriteArrayList<>();
    LogSource.LogSink sink = new LogSource.LogSink() {
      @Override
      public void lines(List<LogLine> batch) {
        lines.addAll(batch);
      }

      @Override
      public void end(String error) {
        ends.add(String.valueOf(error));
      }
    };
    LogRequest request = new LogRequest("r1", List.of("t1"), 5, null, false);
    assertThat(dispatcher.requestLogs("w1", request, sink)).isPresent();
    await().until(() -> !w1.ofType("logs").isEmpty());
    assertThat(((SessionMessage.Logs) Json.read(w1.ofType("logs").get(0), SessionMessage.class)).request())
        .isEqualTo(request);

    LogLine line = new LogLine("t1", Instant.parse("2026-11-26T10:00:00Z"), "stdout", "hi\n");
    w1.send(Json.toString(new SessionMessage.LogLines("r1", List.of(line))));
    w1.send(Json.toString(new SessionMessage.LogEnd("r1", null)));
    await().until(() -> ends.size() == 1);
    assertThat(lines).containsExactly(line);
    assertThat(ends).containsExactly("null");

    AutoCloseable follow = dispatcher.requestLogs("w1", new LogRequest("r2", List.of("t1"), -1, null, true), sink)
        .orElseThrow();
    await().until(() -> w1.ofType("logs").size() == 2);
    try {
      follow.close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    await().until(() -> !w1.ofType("log-cancel").isEmpty());
    assertThat(w1.ofType("log-cancel").get(0)).contains("\"RequestID\":\"r2\"");

    dispatcher.requestLogs("w1", new LogRequest("r3", List.of("t1"), -1, null, true), sink).orElseThrow();
    await().until(() -> w1.ofType("logs").size() == 3);
    w1.ws.close().await();
    await().until(() -> ends.contains("the session of node w1 closed"));
    assertThat(dispatcher.requestLogs("w1", request, sink)).isEmpty();
  }
}
