package swarm.manager.dispatcher;

import swarm.core.dispatch.SessionMessage;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.json.Json;
import swarm.manager.ca.NodeIdentityCert;

/**
 * The network side of the dispatcher: a WebSocket route, {@value #PATH}, that the manager mounts on its mutual-TLS
 * listener (TCP 2377). A worker's session is one WebSocket (protocol: {@link SessionMessage}); the node id is the CN
 * of the client certificate TLS verified, never anything the worker writes. Requests without a node certificate get
 * 403, plain HTTP requests 400. Thread-safety: handlers run on the Vert.x event loop; registration, which waits for a
 * commit, runs on a worker thread.
 */
public final class DispatcherEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(DispatcherEndpoint.class);
  public static final String PATH = "/swarm-ext/dispatcher/session";

  private final Vertx vertx;
  private final Dispatcher dispatcher;
  private final Function<RoutingContext, Optional<NodeIdentityCert>> peer;

  /** Identifies peers by their client certificate ({@link PeerIdentity#FROM_CLIENT_CERTIFICATE}). */
  public DispatcherEndpoint(Vertx vertx, Dispatcher dispatcher) {
    this(vertx, dispatcher, PeerIdentity.FROM_CLIENT_CERTIFICATE);
  }

  public DispatcherEndpoint(Vertx vertx, Dispatcher dispatcher, Function<RoutingContext, Optional<NodeIdentityCert>> peer) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.peer = peer;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    Optional<NodeIdentityCert> identity = peer.apply(ctx);
    if (identity.isEmpty()) {
      refuse(ctx, 403, "a dispatcher session needs a swarm node certificate");
      return;
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      refuse(ctx, 400, PATH + " is a WebSocket: send an upgrade request");
      return;
    }
    String nodeId = identity.get().nodeId();
    String addr = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    ctx.request().toWebSocket()
        .onSuccess(ws -> new SessionConnection(vertx, dispatcher, nodeId, addr, ws).start())
        .onFailure(e -> LOG.warn("WebSocket upgrade for node {} failed: {}", nodeId, e.toString()));
  }

  private static void refuse(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Json.toString(Map.of("message", message)));
  }
}
