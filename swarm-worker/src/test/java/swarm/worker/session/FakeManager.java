package swarm.worker.session;

import swarm.core.dispatch.SessionMessage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.json.Json;
import swarm.core.object.Node;
import swarm.core.object.Task;

/**
 * A minimal manager for session tests: a mutual-TLS WebSocket server speaking the dispatcher protocol. It holds the
 * assignments the test sets, pushes the full set on every session and change, answers heartbeats with its period,
 * and records what workers send.
 */
final class FakeManager implements AutoCloseable {
  final List<String> nodeIds = new CopyOnWriteArrayList<>();
  final List<Node.Description> descriptions = new CopyOnWriteArrayList<>();
  final List<TaskStatusReport> reports = new CopyOnWriteArrayList<>();
  final AtomicInteger heartbeats = new AtomicInteger();
  final List<SessionMessage> logAnswers = new CopyOnWriteArrayList<>();
  private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  private final long periodNanos;
  private volatile List<Task> tasks;
  private final HttpServer server;

  FakeManager(Vertx vertx, ManagerTls tls, int port, List<Task> tasks, long periodMillis) {
    this.tasks = List.copyOf(tasks);
    this.periodNanos = periodMillis * 1_000_000;
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(tls.nodeKeyPem()))
            .setCertValue(Buffer.buffer(tls.nodeCertPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem())));
    server = vertx.createHttpServer(options).webSocketHandler(this::serve).listen(port, "127.0.0.1").await();
  }

  int port() {
    return server.actualPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  void assign(List<Task> assigned) {
    tasks = List.copyOf(assigned);
    sockets.forEach(ws -> ws.writeTextMessage(Json.toString(new SessionMessage.Assign(tasks))));
  }

  /** Sends a message to every registered session. */
  void send(SessionMessage message) {
    sockets.forEach(ws -> ws.writeTextMessage(Json.toString(message)));
  }

  private void serve(ServerWebSocket ws) {
    String nodeId;
    try {
      nodeId = CertificateNames.attribute((java.security.cert.X509Certificate) ws.peerCertificates().get(0), "CN")
          .orElseThrow();
    } catch (Exception e) {
      ws.close();
      return;
    }
    ws.closeHandler(v -> sockets.remove(ws));
    ws.textMessageHandler(text -> {
      SessionMessage m = Json.read(text, SessionMessage.class);
      if (m instanceof SessionMessage.Describe d) {
        nodeIds.add(nodeId);
        descriptions.add(d.description());
        sockets.add(ws);
        ws.writeTextMessage(Json.toString(new SessionMessage.Registered(nodeId, periodNanos)));
        ws.writeTextMessage(Json.toString(new SessionMessage.Assign(tasks)));
      } else if (m instanceof SessionMessage.Heartbeat) {
        heartbeats.incrementAndGet();
        ws.writeTextMessage(Json.toString(new SessionMessage.Heartbeat(periodNanos)));
      } else if (m instanceof SessionMessage.Status s) {
        reports.addAll(s.reports());
      } else if (m instanceof SessionMessage.LogLines || m instanceof SessionMessage.LogEnd) {
        logAnswers.add(m);
      }
    });
  }

  @Override
  public void close() {
    server.close().await();
  }
}
