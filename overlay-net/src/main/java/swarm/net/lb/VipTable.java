package swarm.net.lb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import swarm.core.dispatch.NetworkView;
import swarm.net.firewall.Nft;

/**
 * The nftables table {@code ip swarm_vip} of one task's network namespace: client-side VIP load balancing, as
 * Docker does per sandbox. What the task sends to a service's VIP is DNATed, in the {@code output} hook, to one of
 * the service's task addresses picked at random per connection (ports and protocol kept). A VIP with no backend
 * refuses at once (TCP: reset, so connect fails with ECONNREFUSED; other protocols: the packet is rejected at the
 * sender, so send fails with EPERM) instead of leaving the client hanging.
 *
 * <p>TCP connections to a VIP get the conntrack timeout object {@code vip-tcp}, whose established timeout is
 * {@link LbSettings.VipIdleTimeout}: that, not the namespace's default, decides how long an idle connection
 * lives. A connection conntrack has forgotten must not be picked up mid-stream and sent to a backend chosen anew
 * (conntrack's loose pickup would): its next segment is reset, so the client sees the cut at once.
 *
 * <p>The ingress network's services are left out: the routing mesh sends to task addresses, never to ingress
 * VIPs. Pure: it only writes the script.
 */
final class VipTable {
  static final String TABLE = "swarm_vip";
  static final String TCP_TIMEOUT = "vip-tcp";

  private VipTable() {}

  /** The VIP (bare address) of every VIP-mode service on the task's non-ingress networks, with its backends. */
  static Map<String, List<String>> backends(List<NetworkView> views) {
    Map<String, List<String>> byVip = new TreeMap<>();
    for (NetworkView view : views) {
      if (view.ingress()) {
        continue;
      }
      for (NetworkView.ServiceEntry service : view.services()) {
        if (service.vip() == null || service.vip().isBlank()) {
          continue; // dnsrr: DNS answers with the task addresses, no VIP
        }
        TreeSet<String> addresses = new TreeSet<>();
        service.taskAddresses().forEach(a -> addresses.add(Addresses.bare(a)));
        byVip.put(Addresses.bare(service.vip()), List.copyOf(addresses));
      }
    }
    return byVip;
  }

  /** The whole table, replacing any previous one in the same transaction; null when there is no VIP at all. */
  static String script(List<NetworkView> views, Duration idleTimeout) {
    Map<String, List<String>> byVip = backends(views);
    if (byVip.isEmpty()) {
      return null;
    }
    TreeSet<String> served = new TreeSet<>();
    TreeSet<String> empty = new TreeSet<>();
    StringBuilder dnat = new StringBuilder();
    byVip.forEach((vip, backends) -> {
      if (backends.isEmpty()) {
        empty.add(vip);
      } else {
        served.add(vip);
        dnat.append("    ip daddr ").append(vip).append(" dnat ip to ").append(Addresses.randomMap(backends))
            .append('\n');
      }
    });
    StringBuilder guard = new StringBuilder();
    if (!served.isEmpty()) {
      String set = "{ " + String.join(", ", served) + " }";
      guard.append("    ip daddr ").append(set).append(" ct state new meta l4proto tcp ct timeout set \"")
          .append(TCP_TIMEOUT).append("\"\n")
          .append("    ip daddr ").append(set)
          .append(" ct state new tcp flags & (fin | syn | rst | ack) != syn reject with tcp reset\n");
    }
    if (!empty.isEmpty()) {
      String set = "{ " + String.join(", ", empty) + " }";
      guard.append("    ip daddr ").append(set).append(" meta l4proto tcp reject with tcp reset\n")
          .append("    ip daddr ").append(set).append(" reject\n");
    }
    return Nft.replaceTable("ip", TABLE,
        "  ct timeout " + TCP_TIMEOUT + " {\n"
        + "    protocol tcp\n"
        + "    l3proto ip\n"
        + "    policy = { established : " + idleTimeout.toSeconds() + " }\n"
        + "  }\n"
        // mangle: after conntrack made the entry (a timeout is set on an unconfirmed one), before the DNAT
        + "  chain guard {\n    type filter hook output priority mangle; policy accept;\n" + guard + "  }\n"
        + "  chain nat {\n    type nat hook output priority -100; policy accept;\n" + dnat + "  }\n");
  }
}
