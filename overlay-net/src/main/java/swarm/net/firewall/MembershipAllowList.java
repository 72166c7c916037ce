package swarm.net.firewall;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nftables allow-list in front of the membership port and the overlay data port (VXLAN, UDP
 * 4789): both are reachable from loopback and from admitted nodes' addresses, and dropped for
 * everyone else. Community Hazelcast has neither TLS nor authentication, and VXLAN neither, so this
 * is what keeps strangers off the membership and out of the overlay networks (docs/security.md). The drop
 * rules count what they dropped ({@code nft list table inet swarm_…}).
 *
 * <p>It owns one table, {@code inet <tableName>}, holding a set {@code admitted} of IPv4 addresses
 * and a chain on the input hook. {@link #apply} rebuilds the whole table in one {@code nft -f -}
 * transaction, so there is never a moment with a half-built list, and an address dropped from the
 * set is really gone. (A plain {@code flush table} would not do: nft 1.0.6 keeps the set's elements
 * through it, and a removed node would stay admitted.) IPv6 to the port is dropped: members bind to
 * IPv4 advertise addresses only.
 *
 * <p>Level-triggered: give it the full set of admitted addresses every time (e.g. the addresses of
 * the nodes in the Raft store, on each node change); running it twice is harmless. Thread-safe:
 * calls are serialised, the last one wins.
 */
public final class MembershipAllowList {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipAllowList.class);
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final int CLUSTER_ID_CHARS = 12;
  /** The overlay data port (VXLAN, UDP), guarded by the same list: {@code swarm.net.vxlan.Underlay#VXLAN_PORT}. */
  static final int VXLAN_PORT = 4789;

  private final String table;
  private final int port;
  private final Nft nft;
  private boolean warnedMissing; // guarded by this

  /**
   * @param tableName the nftables table to own, {@code [a-z][a-z0-9_]*} up to 32 characters; distinct
   *     per daemon on a machine so test runs and testbed hosts do not clobber each other
   * @param port the membership port to guard
   */
  public MembershipAllowList(String tableName, int port, Nft nft) {
    if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
      throw new IllegalArgumentException("nftables table name '" + tableName
          + "' must be a lowercase letter followed by up to 31 lowercase letters, digits or '_'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("membership port " + port + " is outside 1-65535");
    }
    this.table = tableName;
    this.port = port;
    this.nft = nft;
  }

  /** The allow-list of this host for {@code clusterId}, in table {@link #tableNameFor}. */
  public static MembershipAllowList forCluster(String clusterId, int port) {
    return new MembershipAllowList(tableNameFor(clusterId), port, Nft.host());
  }

  /** {@code swarm_} and the first 12 letters or digits of the cluster id, lowercased. */
  public static String tableNameFor(String clusterId) {
    String letters = clusterId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return "swarm_" + letters.substring(0, Math.min(CLUSTER_ID_CHARS, letters.length()));
  }

  public String tableName() {
    return table;
  }

  /**
   * Makes {@code admittedIps} (IPv4 addresses) the only remote sources allowed to the port. Entries
   * that are not IPv4 addresses are left out, with a warning: leaving one out can only keep a node
   * away, never let a stranger in.
   *
   * @return true when the list is in force; false when nft is not installed (then the port is open
   *     to every host that can reach it, and a warning says so once)
   * @throws IllegalStateException with nft's words when nft refuses (e.g. not root)
   */
  public synchronized boolean apply(Set<String> admittedIps) {
    if (!nft.available()) {
      if (!warnedMissing) {
        warnedMissing = true;
        LOG.warn("firewall: nft is not installed, so the membership port {} is open to every host that "
            + "can reach it; install nftables (docs/security.md)", port);
      }
      return false;
    }
    try {
      nft.apply(script(admittedIps));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("firewall: cannot set the membership allow-list (table inet " + table
          + "): " + e.getMessage(), e);
    }
    return true;
  }

  /** Deletes the table, if there is one: the port is open again. */
  public synchronized void remove() {
    if (!nft.available()) {
      return;
    }
    nft.apply(Nft.deleteTable("inet", table));
  }

  /** The whole transaction for {@code admittedIps}. */
  String script(Set<String> admittedIps) {
    Set<String> admitted = new TreeSet<>();
    for (String ip : admittedIps) {
      if (ip != null && IPV4.matcher(ip).matches()) {
        admitted.add(ip);
      } else {
        LOG.warn("firewall: '{}' is not an IPv4 address; not admitted to the membership port {}", ip, port);
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("  set admitted {\n");
    s.append("    type ipv4_addr;\n");
    if (!admitted.isEmpty()) {
      s.append("    elements = { ").append(String.join(", ", admitted)).append(" };\n");
    }
    s.append("  }\n");
    s.append("  chain membership_input {\n");
    s.append("    type filter hook input priority filter; policy accept;\n");
    s.append("    iifname \"lo\" tcp dport ").append(port).append(" accept\n");
    s.append("    tcp dport ").append(port).append(" ip saddr @admitted accept\n");
    s.append("    tcp dport ").append(port).append(" counter drop\n");
    // The overlay data port: VXLAN carries no authentication, so only members may inject frames into overlays.
    s.append("    iifname \"lo\" udp dport ").append(VXLAN_PORT).append(" accept\n");
    s.append("    udp dport ").append(VXLAN_PORT).append(" ip saddr @admitted accept\n");
    s.append("    udp dport ").append(VXLAN_PORT).append(" counter drop\n");
    s.append("  }\n");
    // VXLAN's outer packets need no connection tracking (nothing NATs them; the allow-list above reads addresses
    // only): skipping it spares two conntrack lookups per packet on each node, on every overlay and mesh packet.
    s.append("  chain vxlan_notrack_in {\n");
    s.append("    type filter hook prerouting priority raw; policy accept;\n");
    s.append("    udp dport ").append(VXLAN_PORT).append(" notrack\n");
    s.append("  }\n");
    s.append("  chain vxlan_notrack_out {\n");
    s.append("    type filter hook output priority raw; policy accept;\n");
    s.append("    udp dport ").append(VXLAN_PORT).append(" notrack\n");
    s.append("  }\n");
    return Nft.replaceTable("inet", table, s.toString());
  }
}
