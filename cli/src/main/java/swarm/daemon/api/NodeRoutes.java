package swarm.daemon.api;

import io.vertx.ext.web.Router;
import swarm.daemon.NodeRuntime;

/** {@code GET /nodes} and {@code GET /nodes/{id}}. */
final class NodeRoutes implements Routes {
  private final NodeRuntime node;

  NodeRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/nodes").blockingHandler(ctx -> Routes.ok(ctx, node.requireManager().controlApi().nodes()), false);
    r.get("/nodes/:id").blockingHandler(
        ctx -> Routes.ok(ctx, node.requireManager().controlApi().node(ctx.pathParam("id"))), false);
  }
}
