package swarm.daemon.cluster;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.object.Node;
import swarm.manager.Manager;
import swarm.net.firewall.MembershipAllowList;
import swarm.net.membership.Membership;
import swarm.net.membership.MembershipConfig;

/**
 * This node's place in the gossip membership (a Hazelcast member on port 7946 of its advertise
 * address), with the nftables allow-list of that port (only admitted nodes' addresses may reach
 * it: managers follow their copy of the node list, workers what a manager tells them every few
 * seconds), and on managers the fast path to DOWN (a member that vanished tells the node-health
 * monitor at once).
 * Thread-safety: the refresh runs on one Vert.x timer; membership callbacks on Hazelcast's thread.
 */
public final class NodeMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMembership.class);
  private static final long REFRESH_MS = 2_000;

  private final Vertx vertx;
  private final Membership membership;
  private final MembershipAllowList allowList;
  private final Manager manager;
  private final long timer;
  private volatile Set<String> admitted = Set.of();

  private NodeMembership(Vertx vertx, Membership membership, MembershipAllowList allowList, Manager manager) {
    this.vertx = vertx;
    this.membership = membership;
    this.allowList = allowList;
    this.manager = manager;
    this.timer = manager == null ? -1 : vertx.setPeriodic(0, REFRESH_MS, t -> refresh());
  }

  /**
   * Joins the membership asynchronously (Hazelcast may take a few seconds to find the managers).
   *
   * @param managerIps the managers' advertise addresses; the membership port is the same on every node
   * @param manager    this node's manager role, or null on a worker
   */
  public static NodeMembership start(Vertx vertx, String clusterId, String nodeId, String advertiseAddr,
                                     List<String> managerIps, Manager manager) {
    int port = MembershipConfig.DEFAULT_PORT;
    List<String> endpoints = managerIps.stream().map(ip -> ip + ":" + port).toList();
    Membership m = Membership.startAsync(MembershipConfig.of(clusterId, nodeId, advertiseAddr, endpoints));
    MembershipAllowList allow = MembershipAllowList.forCluster(clusterId, port);
    NodeMembership nm = new NodeMembership(vertx, m, allow, manager);
    if (manager != null) {
      m.onNodeLeft(id -> vertx.executeBlocking(() -> {
        if (m.announcedRestart(id)) {
          LOG.info("node {} left the membership to restart: its heartbeats decide whether it is down", id);
        } else {
          LOG.info("node {} left the membership", id);
          manager.nodeHealth().nodeLeftMembership(id);
        }
        return null;
      }, false));
      m.onNodeJoined(id -> manager.nodeHealth().nodeJoinedMembership(id));
    }
    return nm;
  }

  /**
   * On a worker (which has no copy of the node list): admit exactly {@code ips}, the node addresses
   * a manager just told it, plus the managers it knows.
   */
  public void admit(java.util.Collection<String> ips) {
    Set<String> wanted = new TreeSet<>(ips);
    if (!wanted.equals(admitted)) {
      allowList.apply(wanted);
      admitted = Set.copyOf(wanted);
      LOG.info("membership port admits {}", wanted);
    }
  }

  /** Level-triggered: admit exactly the addresses of the nodes the swarm knows, and follow its managers. */
  private void refresh() {
    vertx.executeBlocking(() -> {
      Set<String> ips = new TreeSet<>();
      List<String> managers = new java.util.ArrayList<>();
      for (Node n : manager.store().current().nodes().values()) {
        String addr = n.status() == null ? null : n.status().addr();
        if (addr != null && !addr.isBlank()) {
          ips.add(addr);
          if (n.spec().role() == Node.Role.MANAGER) {
            managers.add(addr + ":" + MembershipConfig.DEFAULT_PORT);
          }
        }
      }
      if (!ips.equals(admitted)) {
        allowList.apply(ips);
        admitted = Set.copyOf(ips);
        membership.updateManagers(managers);
        LOG.info("membership port admits {}", ips);
      }
      return null;
    }, false).onFailure(e -> LOG.warn("membership allow-list not updated: {}", e.getMessage()));
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    membership.close();
    allowList.remove();
  }

  /**
   * The daemon stops but the node stays in the swarm (its containers keep running): leaves the membership saying
   * so ({@link Membership#closeForRestart}), and keeps the port's allow-list for the next daemon.
   */
  public void closeForRestart() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    membership.closeForRestart();
  }
}
