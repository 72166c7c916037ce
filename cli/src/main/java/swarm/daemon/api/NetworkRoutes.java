package swarm.daemon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import swarm.core.error.SwarmException;
import swarm.core.object.Network;
import swarm.core.spec.NetworkSpec;
import swarm.daemon.NodeRuntime;

/**
 * Overlay networks in Docker's shapes: {@code GET /networks}, {@code GET /networks/{id or name}},
 * {@code POST /networks/create} (Docker's body: Name, Driver, IPAM.Config[0].Subnet/Gateway, Attachable, Labels,
 * Ingress) and {@code DELETE /networks/{id}}, answering Docker's {@code NetworkResource}, so {@code docker network
 * create -d overlay} and {@code docker network ls} work against a node. The control API validates, allocates and
 * commits; these handlers block on that commit.
 */
final class NetworkRoutes implements Routes {
  /** The option where Docker shows an overlay's VXLAN id. */
  static final String VXLAN_OPTION = "com.docker.network.driver.overlay.vxlanid_list";

  private final NodeRuntime node;

  /** Docker's {@code NetworkCreateRequest}; the fields it has and we do not use are read and ignored. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record CreateRequest(String name, String driver, @JsonProperty("IPAM") Ipam ipam, Boolean attachable,
                       Map<String, String> labels, Boolean ingress, Boolean internal,
                       @JsonProperty("EnableIPv6") Boolean enableIpv6) {}

  /** Docker's {@code IPAM}: one config is used. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Ipam(String driver, List<IpamConfig> config) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record IpamConfig(String subnet, String gateway, String ipRange) {}

  NetworkRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/networks").blockingHandler(ctx -> Routes.okList(ctx,
        node.requireManager().controlApi().networks().stream().map(NetworkRoutes::resource).toList()), false);
    r.post("/networks/create").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(ctx -> {
      NetworkSpec spec = spec(Routes.body(ctx, CreateRequest.class));
      Network created = node.requireManager().controlApi().createNetwork(spec);
      Routes.json(ctx, 201, Map.of("Id", created.id(), "Warning", ""));
    }, false);
    r.get("/networks/:id").blockingHandler(
        ctx -> Routes.ok(ctx, resource(node.requireManager().controlApi().network(ctx.pathParam("id")))), false);
    r.delete("/networks/:id").blockingHandler(ctx -> {
      node.requireManager().controlApi().removeNetwork(ctx.pathParam("id"));
      ctx.response().setStatusCode(204).end();
    }, false);
  }

  /** The spec of a create request; what a swarm cannot do (internal, IPv6, several subnets) is refused by name. */
  static NetworkSpec spec(CreateRequest req) {
    List<String> problems = new java.util.ArrayList<>();
    if (Boolean.TRUE.equals(req.internal())) {
      problems.add("internal networks (--internal) are not supported");
    }
    if (Boolean.TRUE.equals(req.enableIpv6())) {
      problems.add("IPv6 (--ipv6) is not supported: overlay networks are IPv4");
    }
    String subnet = null;
    String gateway = null;
    if (req.ipam() != null && req.ipam().config() != null && !req.ipam().config().isEmpty()) {
      if (req.ipam().config().size() > 1) {
        problems.add("only one subnet (--subnet) per network is supported");
      }
      IpamConfig c = req.ipam().config().get(0);
      if (c.ipRange() != null && !c.ipRange().isBlank()) {
        problems.add("--ip-range is not supported: the whole subnet is used");
      }
      subnet = c.subnet();
      gateway = c.gateway();
    }
    if (req.ipam() != null && req.ipam().driver() != null && !req.ipam().driver().isBlank()
        && !req.ipam().driver().equals("default")) {
      problems.add("IPAM driver '" + req.ipam().driver() + "' (--ipam-driver) is not supported: use default");
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    return new NetworkSpec(req.name(), req.labels(), req.driver(), subnet, gateway,
        Boolean.TRUE.equals(req.attachable()), Boolean.TRUE.equals(req.ingress()));
  }

  /** Docker's {@code NetworkResource} of a swarm-scoped overlay network. */
  static Map<String, Object> resource(Network n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", n.name());
    m.put("Id", n.id());
    m.put("Created", n.createdAt());
    m.put("Scope", "swarm");
    m.put("Driver", n.spec().driver());
    m.put("EnableIPv6", false);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("Subnet", n.subnet());
    config.put("Gateway", n.gateway());
    Map<String, Object> ipam = new LinkedHashMap<>();
    ipam.put("Driver", "default");
    ipam.put("Options", null);
    ipam.put("Config", List.of(config));
    m.put("IPAM", ipam);
    m.put("Internal", false);
    m.put("Attachable", n.spec().attachable());
    m.put("Ingress", n.isIngress());
    m.put("ConfigFrom", Map.of("Network", ""));
    m.put("ConfigOnly", false);
    m.put("Containers", Map.of());
    m.put("Options", Map.of(VXLAN_OPTION, Integer.toString(n.vni())));
    m.put("Labels", n.spec().labels());
    return m;
  }
}
