package swarm.net.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.PortConfig;
import swarm.net.firewall.Nft;

/**
 * The nftables table {@code ip swarm_ingress} of a node's host namespace: the routing mesh. A packet to any local
 * address of the node on a published port is DNATed to one of the service's task addresses on the ingress network
 * (picked at random per connection) and the target port, in {@code prerouting} (other hosts) and {@code output}
 * (this node's own programs). No source NAT, so the backend sees the client's address; only connections from
 * 127.0.0.0/8, which could not be answered elsewhere, are masqueraded behind the node's mesh address. A published
 * port whose service has no task able to take traffic refuses at once (TCP reset, ICMP port unreachable). Pure:
 * it only writes the script.
 */
final class IngressTable {
  static final String TABLE = "swarm_ingress";

  /** One published port of the mesh and where it goes (task address . target port); none: refuse. */
  record Published(PortConfig port, List<String> targets) {
    String key() {
      return port.publishedPort() + "/" + port.protocol().wire();
    }
  }

  private IngressTable() {}

  /** The ingress view's published ports, by {@code PORT/PROTO}. */
  static Map<String, Published> published(NetworkView ingress) {
    Map<String, Published> byPort = new TreeMap<>();
    for (NetworkView.ServiceEntry service : ingress.services()) {
      TreeSet<String> addresses = new TreeSet<>();
      service.taskAddresses().forEach(a -> addresses.add(Addresses.bare(a)));
      for (PortConfig port : service.ingressPorts()) {
        if (port.publishedPort() == null || port.publishedPort() == 0 || port.isHostMode()) {
          continue; // the managers assign published ports; a host-mode port is not the mesh's
        }
        List<String> targets = new ArrayList<>();
        addresses.forEach(a -> targets.add(a + " . " + port.targetPort()));
        Published p = new Published(port, targets);
        byPort.put(p.key(), p);
      }
    }
    return byPort;
  }

  /** The whole table, replacing any previous one in the same transaction. */
  static String script(Iterable<Published> ports, String meshInterface) {
    StringBuilder dnat = new StringBuilder();
    StringBuilder refuse = new StringBuilder();
    for (Published p : ports) {
      String match = "    fib daddr type local " + p.port().protocol().wire() + " dport " + p.port().publishedPort();
      if (p.targets().isEmpty()) {
        refuse.append(match).append(p.port().protocol() == PortConfig.Protocol.TCP
            ? " reject with tcp reset\n" : " reject\n");
      } else {
        dnat.append(match).append(" dnat ip to ").append(Addresses.randomMap(p.targets())).append('\n');
      }
    }
    return Nft.replaceTable("ip", TABLE,
        "  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n" + dnat + "  }\n"
        + "  chain output {\n    type nat hook output priority -100; policy accept;\n" + dnat + "  }\n"
        + "  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n"
        + "    oifname \"" + meshInterface + "\" ip saddr 127.0.0.0/8 masquerade\n"
        + "  }\n"
        + "  chain input {\n    type filter hook input priority filter; policy accept;\n" + refuse + "  }\n");
  }
}
