package swarm.daemon.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import swarm.core.object.Service;
import swarm.core.spec.ServiceSpec;
import swarm.daemon.NodeRuntime;

/**
 * Services: create (pinning the image to its digest on this node), inspect, list, update, remove.
 * The control API validates and commits through Raft; these handlers block on that commit.
 */
final class ServiceRoutes implements Routes {
  private final NodeRuntime node;

  ServiceRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    BodyHandler body = BodyHandler.create().setBodyLimit(4 << 20);
    r.get("/services").blockingHandler(ctx -> Routes.okList(ctx, node.requireManager().controlApi().services()), false);
    r.post("/services/create").handler(body).blockingHandler(ctx -> {
      var api = node.requireManager().controlApi();
      ServiceSpec spec = ImagePins.pin(node.worker().images(), Routes.body(ctx, ServiceSpec.class));
      Service created = api.createService(spec);
      Routes.json(ctx, 201, Map.of("ID", created.id(), "Warnings", List.of()));
    }, false);
    r.get("/services/:id").blockingHandler(
        ctx -> Routes.ok(ctx, node.requireManager().controlApi().service(ctx.pathParam("id"))), false);
    r.post("/services/:id/update").handler(body).blockingHandler(ctx -> {
      var api = node.requireManager().controlApi();
      long version = Routes.version(ctx, "service");
      ServiceSpec spec = ImagePins.pin(node.worker().images(), Routes.body(ctx, ServiceSpec.class));
      api.updateService(ctx.pathParam("id"), version, spec);
      Routes.ok(ctx, Map.of("Warnings", List.of()));
    }, false);
    r.delete("/services/:id").blockingHandler(ctx -> {
      node.requireManager().controlApi().removeService(ctx.pathParam("id"));
      ctx.response().setStatusCode(200).end();
    }, false);
  }
}
