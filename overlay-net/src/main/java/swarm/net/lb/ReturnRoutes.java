package swarm.net.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.PortConfig;
import swarm.net.firewall.Nft;

/**
 * What a task's namespace needs so that replies to routing-mesh connections go back through the node that DNATed
 * them, computed from the ingress network's view. Pure: {@link IngressReturnPath} applies it.
 *
 * <ul>
 *   <li>nftables {@code ip swarm_ingress_return}: a new connection arriving on the task's ingress interface gets a
 *       conntrack mark naming the node whose mesh MAC address sent it; every packet of the connection carries it
 *       as its mark (prerouting, so reverse-path filtering with {@code src_valid_mark} agrees; output, in a
 *       {@code route} chain so the reply is routed anew with it).</li>
 *   <li>per node: {@code ip rule fwmark M lookup M} and, in table M, {@code default via <node's mesh address>}.
 *       M is the node's mesh address as a 32-bit number: stable while the node keeps its address, so connections
 *       made before a view change keep their way back.</li>
 *   <li>per UDP target port of the task's service: the reply of a server bound to 0.0.0.0 picks its source
 *       address from the first route lookup, made before any mark; without help it would take the address of the
 *       default route's interface and miss conntrack. Rules {@code ipproto udp sport P} look up the main table
 *       without its default route (the task's own networks still win), then a table whose default route goes
 *       to the own node over the ingress interface, so the source is the task's ingress address; the mark then
 *       reroutes to the node that DNATed.</li>
 * </ul>
 */
final class ReturnRoutes {
  static final String TABLE = "swarm_ingress_return";
  static final int MARK_PRIORITY = 1000;
  static final int UDP_MAIN_PRIORITY = 1100;
  static final int UDP_MESH_PRIORITY = 1101;
  /** The routing table of UDP replies' first lookup ({@link #UDP_MESH_PRIORITY}); node tables are ≥ 2^24. */
  static final long UDP_SOURCE_TABLE = 200;

  /** A default route in one routing table. */
  record Route(long table, String gateway) {}

  private final Map<String, Long> markByMac;
  private final List<Route> routes;
  private final List<String> rules;

  private ReturnRoutes(Map<String, Long> markByMac, List<Route> routes, List<String> rules) {
    this.markByMac = markByMac;
    this.routes = routes;
    this.rules = rules;
  }

  /**
   * @param serviceId the task's service: its UDP ingress ports get the source-address rules
   * @param nodeId the task's node: where UDP replies first head before the mark reroutes them
   */
  static ReturnRoutes of(NetworkView ingress, String serviceId, String nodeId) {
    Map<String, Long> markByMac = new TreeMap<>();
    List<Route> routes = new ArrayList<>();
    TreeSet<String> rules = new TreeSet<>();
    String ownNode = null;
    for (NetworkView.Endpoint e : ingress.endpoints()) {
      if (e.taskId() != null) {
        continue;
      }
      long mark = Addresses.toLong(e.address());
      String gateway = Addresses.bare(e.address());
      if (markByMac.put(e.mac(), mark) == null) {
        routes.add(new Route(mark, gateway));
        rules.add(markRule(mark));
      }
      if (ownNode == null || nodeId != null && nodeId.equals(e.nodeId())) {
        ownNode = gateway;
      }
    }
    TreeSet<Integer> udpPorts = new TreeSet<>();
    ingress.services().stream().filter(s -> s.id().equals(serviceId)).flatMap(s -> s.ingressPorts().stream())
        .filter(p -> p.protocol() == PortConfig.Protocol.UDP && p.targetPort() != null)
        .forEach(p -> udpPorts.add(p.targetPort()));
    if (ownNode != null && !udpPorts.isEmpty()) {
      routes.add(new Route(UDP_SOURCE_TABLE, ownNode));
      for (int port : udpPorts) {
        rules.add(rule(UDP_MAIN_PRIORITY, null, "udp", port, "main", 0));
        rules.add(rule(UDP_MESH_PRIORITY, null, "udp", port, String.valueOf(UDP_SOURCE_TABLE), null));
      }
    }
    return new ReturnRoutes(markByMac, List.copyOf(routes), List.copyOf(rules));
  }

  static boolean ours(int priority) {
    return priority == MARK_PRIORITY || priority == UDP_MAIN_PRIORITY || priority == UDP_MESH_PRIORITY;
  }

  /** {@code ip rule} arguments in the one canonical order, so that wanted and present rules compare as text. */
  static String rule(int priority, String fwmark, String ipproto, Integer sport, String table,
                     Integer suppressPrefixLength) {
    StringBuilder r = new StringBuilder("priority ").append(priority);
    Optional.ofNullable(fwmark).ifPresent(m -> r.append(" fwmark ").append(m));
    Optional.ofNullable(ipproto).ifPresent(p -> r.append(" ipproto ").append(p));
    Optional.ofNullable(sport).ifPresent(p -> r.append(" sport ").append(p));
    r.append(" lookup ").append(table);
    Optional.ofNullable(suppressPrefixLength).ifPresent(s -> r.append(" suppress_prefixlength ").append(s));
    return r.toString();
  }

  private static String markRule(long mark) {
    return rule(MARK_PRIORITY, "0x" + Long.toHexString(mark), null, null, String.valueOf(mark), null);
  }

  List<Route> routes() {
    return routes;
  }

  List<String> rules() {
    return rules;
  }

  /** The whole nftables table; null when the view names no node (nothing can arrive through the mesh). */
  String script(String ingressInterface) {
    if (markByMac.isEmpty()) {
      return null;
    }
    StringBuilder map = new StringBuilder();
    markByMac.forEach((mac, mark) -> map.append(map.length() == 0 ? "" : ", ").append(mac).append(" : 0x")
        .append(Long.toHexString(mark)));
    String iif = "iifname \"" + ingressInterface + "\"";
    return Nft.replaceTable("ip", TABLE,
        "  chain prerouting {\n    type filter hook prerouting priority mangle; policy accept;\n"
        + "    " + iif + " ct state new ct mark set ether saddr map { " + map + " }\n"
        + "    " + iif + " ct mark != 0 meta mark set ct mark\n"
        + "  }\n"
        + "  chain output {\n    type route hook output priority mangle; policy accept;\n"
        + "    ct mark != 0 meta mark set ct mark\n"
        + "  }\n");
  }
}
