package swarm.daemon.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import swarm.core.error.SwarmException;
import swarm.core.object.Cluster;
import swarm.daemon.NodeRuntime;

/**
 * {@code POST /swarm/update?version=N&rotateWorkerToken=1&rotateManagerToken=1}: replaces the swarm's settings
 * (Docker's SwarmSpec: {@code Orchestration.TaskHistoryRetentionLimit}, {@code Dispatcher.HeartbeatPeriod} and
 * {@code CAConfig.NodeCertExpiry} in nanoseconds, {@code Raft.SnapshotInterval}); a field left out takes its
 * default, as in Docker, so clients send back the spec they read with their changes.
 */
final class SwarmUpdateRoutes implements Routes {
  private final NodeRuntime node;

  SwarmUpdateRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.post("/swarm/update").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(ctx -> {
      var api = node.requireManager().controlApi();
      String version = ctx.queryParams().get("version");
      if (version == null || !version.matches("\\d+")) {
        throw SwarmException.invalid(
            "query parameter version is required: the swarm's Version.Index it was read at");
      }
      Cluster.Spec spec = Routes.body(ctx, Cluster.Spec.class);
      api.updateCluster(Long.parseLong(version), spec, Routes.flag(ctx, "rotateWorkerToken"),
          Routes.flag(ctx, "rotateManagerToken"));
      ctx.response().setStatusCode(200).end();
    }, false);
  }
}
