package swarm.daemon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.daemon.NodeRuntime;

/** {@code POST /swarm/init} and {@code GET /swarm}: making this node a swarm, and reading the swarm object. */
final class SwarmRoutes implements Routes {
  private final NodeRuntime node;

  @JsonIgnoreProperties(ignoreUnknown = true)
  record InitRequest(String listenAddr, String advertiseAddr, List<String> defaultAddrPool, Integer subnetSize) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record JoinRequest(String listenAddr, String advertiseAddr, List<String> remoteAddrs, String joinToken) {}

  SwarmRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.post("/swarm/init").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(ctx -> {
      InitRequest req = ctx.body().length() == 0 ? new InitRequest(null, null, null, null)
          : Routes.body(ctx, InitRequest.class);
      Routes.ok(ctx, node.init(req.advertiseAddr(), req.listenAddr(), req.defaultAddrPool(), req.subnetSize()));
    }, false);
    r.post("/swarm/join").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(ctx -> {
      JoinRequest req = Routes.body(ctx, JoinRequest.class);
      Node.Role role = node.join(req.joinToken(), req.remoteAddrs(), req.advertiseAddr(), req.listenAddr());
      Routes.ok(ctx, Map.of("Role", role));
    }, false);
    r.post("/swarm/leave").blockingHandler(ctx -> {
      node.leave(Routes.flag(ctx, "force"));
      ctx.response().setStatusCode(200).end();
    }, false);
    r.get("/swarm").blockingHandler(ctx -> Routes.ok(ctx, swarm(node.requireManager().controlApi().cluster())), false);
  }

  /** Docker's Swarm object: the cluster with its join tokens, and never the CA's private key. */
  private static Map<String, Object> swarm(Cluster c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", c.id());
    m.put("Version", c.version());
    m.put("CreatedAt", c.createdAt());
    m.put("UpdatedAt", c.updatedAt());
    m.put("Spec", c.spec());
    m.put("DefaultAddrPool", c.defaultAddrPool());
    m.put("SubnetSize", c.subnetSize());
    if (c.rootCA() != null) {
      m.put("JoinTokens", c.rootCA().joinTokens());
      m.put("TLSInfo", Map.of("TrustRoot", c.rootCA().caCert()));
    }
    return m;
  }
}
