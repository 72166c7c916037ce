package swarm.worker.session;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogSource;
import swarm.core.object.Node;

/**
 * A {@link DispatcherClient} that reaches a manager's dispatcher over the network: a WebSocket to {@value #PATH} on
 * one of the managers ({@code host:port}, port 2377 if absent), mutual TLS with the node's certificate, trusting only
 * the swarm's CA and only peers whose certificate says {@code swarm-manager}. The manager identifies the node by its
 * certificate, so {@link #open} takes only the node id the certificate names. {@link #open} returns at once; the
 * session connects, and reconnects, in the background (see {@link RemoteSession}).
 *
 * <p>Thread-safe. Closing closes every session (a clean leave) and the client, not the {@link Vertx} instance.
 */
public final class RemoteDispatcherClient implements DispatcherClient, AutoCloseable {
  public static final String PATH = "/swarm-ext/dispatcher/session";
  public static final int DEFAULT_PORT = 2377;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<String> managers;
  private final String certifiedNodeId;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final List<RemoteSession> sessions = new CopyOnWriteArrayList<>();

  public RemoteDispatcherClient(Vertx vertx, ManagerTls tls, List<String> managerAddresses) {
    this(vertx, tls, managerAddresses, Backoff.INITIAL, Backoff.MAX);
  }

  /** @param initialBackoff first reconnect bound (100 ms); it grows to {@code maxBackoff} (8 s) */
  public RemoteDispatcherClient(Vertx vertx, ManagerTls tls, List<String> managerAddresses, Duration initialBackoff,
                                Duration maxBackoff) {
    if (managerAddresses.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one manager address");
    }
    managerAddresses.forEach(ManagerAddress::parse); // fail fast on a malformed address
    this.vertx = vertx;
    this.managers = List.copyOf(managerAddresses);
    this.certifiedNodeId = CertificateNames.nodeIdOf(tls.nodeCertPem());
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setSsl(true)
        // Managers are dialled by address; who they are is checked on their certificate's role instead.
        .setVerifyHost(false)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
        .setConnectTimeout(5_000)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(tls.nodeKeyPem()))
            .setCertValue(Buffer.buffer(tls.nodeCertPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem()))));
  }

  /**
   * Opens the node's session; assignments arrive on a Vert.x event loop.
   *
   * @throws IllegalArgumentException if {@code nodeId} is not the node the certificate names
   */
  @Override
  public RemoteSession open(String nodeId, Node.Description description, Consumer<Assignments> assignments) {
    return open(nodeId, description, assignments, null);
  }

  /** As {@link #open(String, Node.Description, Consumer)}; managers' log requests are answered from {@code logs}. */
  @Override
  public RemoteSession open(String nodeId, Node.Description description, Consumer<Assignments> assignments,
                            LogSource logs) {
    if (!certifiedNodeId.equals(nodeId)) {
      throw new IllegalArgumentException("node " + nodeId + " cannot open a session with the certificate of node "
          + certifiedNodeId);
    }
    RemoteSession session = new RemoteSession(vertx, client, managers, new Backoff(initialBackoff, maxBackoff),
        description, assignments, logs, sessions::remove);
    sessions.add(session);
    session.start();
    return session;
  }

  @Override
  public void close() {
    sessions.forEach(RemoteSession::close);
    client.close();
  }

  /** A manager's {@code host:port}; {@code [v6]:port} for IPv6; the port defaults to 2377. */
  record ManagerAddress(String host, int port) {
    static ManagerAddress parse(String address) {
      String a = address.strip();
      int colon = a.lastIndexOf(':');
      boolean bracketed = a.startsWith("[");
      if (colon < 0 || (bracketed && colon < a.indexOf(']')) || (!bracketed && a.indexOf(':') != colon)) {
        return new ManagerAddress(unbracket(a), DEFAULT_PORT);
      }
      try {
        int port = Integer.parseInt(a.substring(colon + 1));
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("port of manager address '" + address + "' is out of range");
        }
        return new ManagerAddress(unbracket(a.substring(0, colon)), port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("manager address '" + address + "' is not host:port");
      }
    }

    private static String unbracket(String host) {
      return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
  }
}
