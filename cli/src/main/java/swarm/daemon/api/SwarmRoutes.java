package swarm.daemon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import swarm.daemon.NodeRuntime;

/** {@code POST /swarm/init} and {@code GET /swarm}: making this node a swarm, and reading the swarm object. */
final class SwarmRoutes implements Routes {
  private final NodeRuntime node;

  @JsonIgnoreProperties(ignoreUnknown = true)
  record InitRequest(String listenAddr, String advertiseAddr) {}

  SwarmRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.post("/swarm/init").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(ctx -> {
      InitRequest req = ctx.body().length() == 0 ? new InitRequest(null, null) : Routes.body(ctx, InitRequest.class);
      Routes.ok(ctx, node.init(req.advertiseAddr(), req.listenAddr()));
    }, false);
    r.get("/swarm").blockingHandler(ctx -> Routes.ok(ctx, node.requireManager().controlApi().cluster()), false);
  }
}
