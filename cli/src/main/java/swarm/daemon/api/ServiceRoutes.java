package swarm.daemon.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import swarm.core.error.SwarmException;
import swarm.core.object.Service;
import swarm.core.spec.ServiceSpec;
import swarm.daemon.NodeRuntime;

/**
 * Services: create (pinning the image to its digest on this node), inspect, list, update, roll back, remove. A
 * service is sent as stored, so its {@code UpdateStatus} appears once it has one (omitted before, as in Docker), and
 * its spec carries {@code UpdateConfig} and {@code RollbackConfig}.
 * {@code POST /services/{id}/update?rollback=previous} is Docker's rollback: the previous spec comes back, and the
 * body (docker's CLI sends the current spec) is ignored, as Docker ignores it. The control API validates and commits through Raft; these handlers block on that commit.
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
      if (rollback(ctx)) {
        api.rollbackService(ctx.pathParam("id"), version);
      } else {
        ServiceSpec spec = ImagePins.pin(node.worker().images(), Routes.body(ctx, ServiceSpec.class));
        api.updateService(ctx.pathParam("id"), version, spec);
      }
      Routes.ok(ctx, Map.of("Warnings", List.of()));
    }, false);
    r.delete("/services/:id").blockingHandler(ctx -> {
      node.requireManager().controlApi().removeService(ctx.pathParam("id"));
      ctx.response().setStatusCode(200).end();
    }, false);
  }

  /** Docker's {@code rollback} parameter: {@code previous}, or absent (empty) for a plain update. */
  private static boolean rollback(RoutingContext ctx) {
    String rollback = ctx.queryParams().get("rollback");
    if (rollback == null || rollback.isEmpty()) {
      return false;
    }
    if (!rollback.equals("previous")) {
      throw SwarmException.invalid("unrecognized rollback option '" + rollback + "': use rollback=previous");
    }
    return true;
  }
}
