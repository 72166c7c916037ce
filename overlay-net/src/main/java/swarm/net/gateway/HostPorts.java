package swarm.net.gateway;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.spec.PortConfig;
import swarm.net.firewall.Nft;

/**
 * The host's published ports: one nftables table, {@code ip swarm_ports}, that DNATs each published port to its
 * task's address (incoming in {@code prerouting}, from this host in {@code output}), masquerades what leaves the
 * bridge from 127.0.0.1 and what tasks send out; and one socket per published port, bound and never read, so that
 * no other program of this host can take the port (as {@code docker-proxy} does) and a port already taken is
 * found before anything is published. The table is replaced whole, atomically, on every change. Not thread-safe:
 * the caller serialises.
 */
final class HostPorts {
  static final String TABLE = "swarm_ports";

  /** A published port on this host: where it goes. */
  record Forward(PortConfig port, String address) {}

  private final Nft nft;
  private final GatewayBridge bridge;
  private final Map<String, Closeable> held = new HashMap<>();

  HostPorts(Nft nft, GatewayBridge bridge) {
    this.nft = nft;
    this.bridge = bridge;
  }

  /**
   * Makes {@code forwards} (by task id) the host's published ports.
   *
   * @throws IllegalStateException naming the port when another program holds it; nothing is changed then
   */
  void apply(Map<String, List<Forward>> forwards) {
    Map<String, Forward> wanted = new TreeMap<>();
    forwards.values().forEach(list -> list.forEach(f -> wanted.put(key(f.port()), f)));
    Map<String, Closeable> opened = new HashMap<>();
    try {
      for (Map.Entry<String, Forward> e : wanted.entrySet()) {
        if (!held.containsKey(e.getKey())) {
          opened.put(e.getKey(), hold(e.getValue().port()));
        }
      }
      nft.apply(script(wanted.values()));
    } catch (RuntimeException e) {
      opened.values().forEach(HostPorts::closeQuietly);
      throw e;
    }
    held.putAll(opened);
    held.keySet().removeIf(k -> {
      if (wanted.containsKey(k)) {
        return false;
      }
      closeQuietly(held.get(k));
      return true;
    });
  }

  /** The whole table: created empty first so that the delete never fails, then rebuilt in the same transaction. */
  String script(Iterable<Forward> forwards) {
    StringBuilder dnat = new StringBuilder();
    for (Forward f : forwards) {
      String proto = f.port().protocol().wire();
      dnat.append("    fib daddr type local ").append(proto).append(" dport ").append(f.port().publishedPort())
          .append(" dnat to ").append(f.address()).append(':').append(f.port().targetPort()).append('\n');
    }
    String name = bridge.name();
    return Nft.replaceTable("ip", TABLE,
        "  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n" + dnat + "  }\n"
        + "  chain output {\n    type nat hook output priority -100; policy accept;\n" + dnat + "  }\n"
        + "  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n"
        + "    oifname \"" + name + "\" ip saddr 127.0.0.0/8 masquerade\n"
        + "    oifname != \"" + name + "\" ip saddr " + bridge.pool().cidr() + " masquerade\n"
        + "  }\n");
  }

  private static String key(PortConfig p) {
    return p.publishedPort() + "/" + p.protocol().wire();
  }

  private static Closeable hold(PortConfig p) {
    InetSocketAddress any = new InetSocketAddress("0.0.0.0", p.publishedPort());
    try {
      if (p.protocol() == PortConfig.Protocol.UDP) {
        return DatagramChannel.open(StandardProtocolFamily.INET).bind(any);
      }
      return ServerSocketChannel.open(StandardProtocolFamily.INET).bind(any);
    } catch (BindException e) {
      throw new IllegalStateException("host port " + key(p) + " is already in use on this node (another program "
          + "listens on it)", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot hold host port " + key(p) + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing a bound socket that nobody reads cannot lose anything
    }
  }
}
