package swarm.daemon.api;

import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.core.object.Node;
import swarm.daemon.NodeRuntime;
import swarm.daemon.Version;

/** {@code /_ping}, {@code /version}, {@code /info}: what a client asks first. */
final class SystemRoutes implements Routes {
  private final NodeRuntime node;

  SystemRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.route("/_ping").handler(ctx -> ctx.response().putHeader("Api-Version", Version.API).end("OK"));
    r.get("/version").handler(ctx -> Routes.ok(ctx, Map.of("Version", Version.VERSION, "ApiVersion", Version.API,
        "MinAPIVersion", Version.MIN_API, "Os", "linux", "Arch", System.getProperty("os.arch"), "KernelVersion",
        System.getProperty("os.version"))));
    r.get("/info").blockingHandler(ctx -> Routes.ok(ctx, info()), false);
  }

  private Map<String, Object> info() {
    Map<String, Object> swarm = new LinkedHashMap<>();
    swarm.put("NodeID", node.identity().nodeId());
    var manager = node.manager();
    if (manager.isPresent()) {
      // A manager that cannot write (full disk, stopped Raft server) answers from its own copy of the state.
      var blocker = manager.get().writeBlocker();
      var api = manager.get().controlApi();
      var cluster = blocker.isPresent() ? manager.get().store().current().cluster() : api.cluster();
      var nodes = blocker.isPresent() ? api.localNodes() : api.nodes();
      blocker.ifPresent(b -> swarm.put("Error", b));
      swarm.put("LocalNodeState", "active");
      swarm.put("ControlAvailable", true);
      swarm.put("NodeAddr", node.advertiseAddr());
      swarm.put("Cluster", Map.of("ID", cluster.id(), "CreatedAt", cluster.createdAt(), "Spec", cluster.spec()));
      if (node.clusterAddr() != null) {
        swarm.put("RemoteManagers", List.of(Map.of("NodeID", node.identity().nodeId(), "Addr", node.clusterAddr())));
      }
      swarm.put("Managers", nodes.stream().filter(n -> n.spec().role() == Node.Role.MANAGER).count());
      swarm.put("Nodes", nodes.size());
    } else if (node.membership().isPresent()) {
      swarm.put("LocalNodeState", "active");
      swarm.put("ControlAvailable", false);
      swarm.put("NodeAddr", node.advertiseAddr());
      swarm.put("Cluster", Map.of("ID", node.membership().get().clusterId()));
    } else {
      swarm.put("LocalNodeState", "inactive");
      swarm.put("ControlAvailable", false);
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("ID", node.identity().nodeId());
    info.put("Name", node.identity().hostname());
    info.put("ServerVersion", Version.VERSION);
    info.put("Containers", node.worker().containerCount());
    info.put("ContainersRunning", node.worker().runningContainers().size());
    info.put("Images", node.worker().images().list().size());
    info.put("DockerRootDir", node.dataDir().toString());
    info.put("OperatingSystem", "linux");
    info.put("Swarm", swarm);
    return info;
  }
}
