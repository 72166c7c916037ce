package swarm.daemon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;
import swarm.daemon.NodeRuntime;
import swarm.manager.Manager;
import swarm.manager.controlapi.NodeUpdate;
import swarm.manager.raft.RaftPeerStatus;

/**
 * Nodes: list, inspect, update ({@code POST /nodes/{id}/update?version=N}, Docker's NodeSpec) and remove
 * ({@code DELETE /nodes/{id}?force=1}). {@code ManagerStatus} is built at read time from the Raft group
 * ({@link Manager#managers()}: Leader / reachable / unreachable), since the one stored in the node goes stale.
 */
final class NodeRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRoutes.class);
  private final NodeRuntime node;

  /**
   * Docker's {@code NodeSpec}, as sent: a field left out keeps its current value (so a client sending only
   * {@code Availability} cannot demote a manager by accident); {@code "Labels":{}} clears the labels.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record NodeSpecBody(String role, String availability, Map<String, String> labels) {}

  NodeRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/nodes").blockingHandler(ctx -> {
      Manager m = node.requireManager();
      var blocker = m.writeBlocker();
      // A manager that cannot write (full disk, stopped Raft server) lists its own copy, and says why on itself.
      List<Node> nodes = blocker.isEmpty() ? m.controlApi().nodes() : m.controlApi().localNodes();
      Routes.okList(ctx, withError(withManagerStatus(nodes, managers(m)), m.nodeId(), blocker.orElse(null)));
    }, false);
    r.get("/nodes/:id").blockingHandler(ctx -> {
      Manager m = node.requireManager();
      Routes.ok(ctx, withManagerStatus(List.of(m.controlApi().node(ctx.pathParam("id"))), managers(m)).get(0));
    }, false);
    r.post("/nodes/:id/update").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(ctx -> {
      var api = node.requireManager().controlApi();
      long version = Routes.version(ctx, "node");
      NodeSpecBody body = Routes.body(ctx, NodeSpecBody.class);
      Node current = api.node(ctx.pathParam("id"));
      NodeUpdate u = api.updateNode(current.id(), version, spec(body, current.spec()));
      Routes.ok(ctx, Map.of("Warnings", u.warnings()));
    }, false);
    r.delete("/nodes/:id").blockingHandler(ctx -> {
      node.requireManager().controlApi().removeNode(ctx.pathParam("id"), Routes.flag(ctx, "force"));
      ctx.response().setStatusCode(200).end();
    }, false);
  }

  /** The spec the body asks for, every bad value named at once. */
  static Node.Spec spec(NodeSpecBody body, Node.Spec current) {
    Node.Spec base = current == null ? new Node.Spec(null, null, null) : current;
    List<String> problems = new ArrayList<>();
    Node.Role role = base.role();
    if (body.role() != null) {
      switch (body.role().toLowerCase(Locale.ROOT)) {
        case "worker" -> role = Node.Role.WORKER;
        case "manager" -> role = Node.Role.MANAGER;
        default -> problems.add("invalid role '" + body.role() + "': use worker or manager");
      }
    }
    Node.Availability availability = base.availability();
    if (body.availability() != null) {
      switch (body.availability().toLowerCase(Locale.ROOT)) {
        case "active" -> availability = Node.Availability.ACTIVE;
        case "pause" -> availability = Node.Availability.PAUSE;
        case "drain" -> availability = Node.Availability.DRAIN;
        default -> problems.add("invalid availability '" + body.availability() + "': use active, pause or drain");
      }
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    Map<String, String> labels = body.labels() == null ? base.labels() : new HashMap<>(body.labels());
    return new Node.Spec(role, availability, labels);
  }

  /** The Raft group now; empty (stored statuses shown) if it cannot be read. */
  private static Map<String, RaftPeerStatus> managers(Manager m) {
    Map<String, RaftPeerStatus> out = new HashMap<>();
    try {
      m.managers().forEach(p -> out.put(p.peerId(), p));
    } catch (RuntimeException e) {
      LOG.debug("cannot read the managers' Raft group: {}", e.toString());
      return null;
    }
    return out;
  }

  /** {@code self}'s ManagerStatus with {@code error} (what keeps it from writing); unchanged when null. */
  static List<Node> withError(List<Node> nodes, String self, String error) {
    if (error == null) {
      return nodes;
    }
    return nodes.stream().map(n -> {
      Node.ManagerStatus s = n.managerStatus();
      if (!n.id().equals(self) || s == null) {
        return n;
      }
      return n.withManagerStatus(new Node.ManagerStatus(s.leader(), s.reachability(), s.addr(), error), n.updatedAt());
    }).toList();
  }

  /** Docker's {@code ManagerStatus{Leader, Reachability, Addr}} from the Raft group; none for a non-member. */
  static List<Node> withManagerStatus(List<Node> nodes, Map<String, RaftPeerStatus> managers) {
    if (managers == null) {
      return nodes;
    }
    List<Node> out = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      RaftPeerStatus p = managers.get(n.id());
      Node.ManagerStatus status = p == null ? null
          : new Node.ManagerStatus(p.leader() ? Boolean.TRUE : null, p.reachability().wire(), p.address());
      out.add(n.withManagerStatus(status, n.updatedAt()));
    }
    return out;
  }
}
