package swarm.daemon.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.object.Node;
import swarm.daemon.Futures;
import swarm.daemon.api.ApiServer;
import swarm.manager.Manager;
import swarm.manager.ca.NodeIdentityCert;
import swarm.manager.ca.TlsMaterial;
import swarm.manager.dispatcher.DispatcherEndpoint;
import swarm.manager.dispatcher.PeerIdentity;

/**
 * A manager's cluster port (TCP 2377): mutual TLS with the swarm's CA. Joining needs no client
 * certificate (the token authenticates); worker sessions need a node certificate of this swarm;
 * the Docker API needs a manager certificate. Thread-safety: Vert.x event loop and worker threads.
 */
public final class ClusterListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterListener.class);
  private final HttpServer server;

  private ClusterListener(HttpServer server) {
    this.server = server;
  }

  public static ClusterListener start(Vertx vertx, ClusterAddress listen, TlsMaterial tls, Manager manager,
                                      Router api, Clock clock) {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUEST)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(tls.nodeKeyPem()))
            .setCertValue(Buffer.buffer(tls.nodeCertPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem())))
        .setEnabledSecureTransportProtocols(Set.copyOf(TlsMaterial.PROTOCOLS));
    Router router = Router.router(vertx);
    new JoinEndpoint(manager, clock).mount(router);
    new DispatcherEndpoint(vertx, manager.dispatcher()).mount(router);
    router.route().handler(ctx -> {
      Optional<NodeIdentityCert> peer = PeerIdentity.FROM_CLIENT_CERTIFICATE.apply(ctx);
      if (peer.isEmpty() || peer.get().role() != Node.Role.MANAGER || !stillManager(manager, peer.get().nodeId())) {
        ApiServer.fail(ctx, 403, "the API on the cluster port needs a manager certificate of this swarm "
            + "(--tlscacert, --tlscert, --tlskey)");
      } else {
        ctx.next();
      }
    });
    router.route("/*").subRouter(api);
    router.route().failureHandler(ApiServer::onFailure);
    HttpServer server = vertx.createHttpServer(options).requestHandler(router);
    Futures.await(server.listen(listen.port(), listen.host()));
    LOG.info("cluster port listening on {}:{} (mutual TLS)", listen.host(), server.actualPort());
    return new ClusterListener(server);
  }

  /**
   * A manager certificate outlives a demotion or a removal until it expires: the swarm's record of
   * the node decides (the certificate alone is not enough).
   */
  private static boolean stillManager(Manager manager, String nodeId) {
    var state = manager.store().current();
    if (state.cluster() != null && state.cluster().isRemoved(nodeId)) {
      return false;
    }
    Node node = state.nodes().get(nodeId);
    return node == null || node.spec().role() == Node.Role.MANAGER; // null: a manager still joining
  }

  /** New connections present {@code tls}'s certificate from now on (after a renewal). */
  public void useCertificate(TlsMaterial tls) {
    Futures.await(server.updateSSLOptions(new io.vertx.core.net.ServerSSLOptions()
        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(tls.nodeKeyPem()))
            .setCertValue(Buffer.buffer(tls.nodeCertPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caCertPem())))
        .setClientAuth(ClientAuth.REQUEST)
        .setEnabledSecureTransportProtocols(Set.copyOf(TlsMaterial.PROTOCOLS))));
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    Futures.await(server.close());
  }
}
