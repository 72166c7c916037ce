package swarm.net.vxlan;

import java.nio.file.Path;
import swarm.net.gateway.NetworkNamespace;
import swarm.net.sys.HostCommand;

/**
 * One overlay network on this node: its own network namespace holding a bridge ({@value #BRIDGE}) and a VXLAN
 * device ({@value #VXLAN}) with the network's VNI, enslaved to the bridge, MTU {@value #MTU}. The VXLAN device is
 * made in the {@link Underlay}'s namespace, so that its UDP socket ({@value Underlay#VXLAN_PORT}) lives there and
 * receives from other nodes, then moved into the network's namespace; it learns nothing and floods nothing: the
 * endpoints on other nodes are static entries of its {@link #forwarding() forwarding table}, and with
 * {@code proxy} it answers the containers' ARP for them. Tasks' veths join the bridge ({@link TaskInterfaces}).
 * Not thread-safe: {@link OverlayNetworks} serialises.
 */
public final class OverlayNetwork {
  /** The bridge of the network's namespace, which every endpoint on this node plugs into. */
  public static final String BRIDGE = "br0";
  static final String VXLAN = "vxlan0";
  /** 1500 less the 50 bytes of VXLAN, UDP, IP and Ethernet headers, as Docker's overlay. */
  public static final int MTU = 1450;

  private final String id;
  private final int vni;
  private final NetworkNamespace netns;
  private final ForwardingTable forwarding;

  private OverlayNetwork(String id, int vni, NetworkNamespace netns, ForwardingTable forwarding) {
    this.id = id;
    this.vni = vni;
    this.netns = netns;
    this.forwarding = forwarding;
  }

  /**
   * Makes the network's namespace at {@code file}, its bridge and its VXLAN device. What a failure leaves is
   * removed before the error is thrown.
   *
   * @throws IllegalStateException with the tool's words, e.g. when another device of the underlay has the VNI
   */
  static OverlayNetwork create(String id, int vni, Path file, Underlay underlay) {
    if (vni < 1 || vni > 0xFFFFFF) {
      throw new IllegalArgumentException("VNI " + vni + " of network " + id + " is outside 1-16777215");
    }
    NetworkNamespace ns = NetworkNamespace.create(file);
    String made = "vx-" + vni; // its name in the underlay, for the moment before it moves
    try {
      disableBridgeNetfilter(ns);
      ns.ip("link set lo up\n"
          + "link add " + BRIDGE + " mtu " + MTU + " type bridge\n");
      // A device of that name left by an earlier attempt cut short would make the add fail.
      underlay.netns().command(ForwardingTable.tool("ip"), "link", "del", made).run();
      underlay.netns().ip("link add " + made + " mtu " + MTU + " type vxlan id " + vni + " dstport "
          + Underlay.VXLAN_PORT + " local " + underlay.address() + " nolearning proxy\n"
          + "link set " + made + " netns " + file + "\n");
      ns.ip("link set " + made + " name " + VXLAN + "\n"
          + "link set " + VXLAN + " master " + BRIDGE + " up\n"
          + "link set " + BRIDGE + " up\n");
    } catch (RuntimeException e) {
      underlay.netns().command(ForwardingTable.tool("ip"), "link", "del", made).run();
      try {
        remove(ns);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return new OverlayNetwork(id, vni, ns, ForwardingTable.empty(ns, VXLAN));
  }

  /**
   * The network a previous daemon made at {@code file}, with the forwarding entries the kernel still has; empty
   * when its namespace or its VXLAN device is gone (the host rebooted).
   */
  static java.util.Optional<OverlayNetwork> adopt(String id, int vni, Path file) {
    NetworkNamespace ns = new NetworkNamespace(file);
    if (!ns.exists() || !ns.command(ForwardingTable.tool("ip"), "link", "show", "dev", VXLAN).run().ok()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new OverlayNetwork(id, vni, ns, ForwardingTable.load(ns, VXLAN)));
  }

  public String id() {
    return id;
  }

  public int vni() {
    return vni;
  }

  /** The network's namespace, where its bridge and VXLAN device are. */
  public NetworkNamespace netns() {
    return netns;
  }

  public ForwardingTable forwarding() {
    return forwarding;
  }

  /**
   * Removes the VXLAN device and the bridge, then the namespace. The devices go first, explicitly: the kernel
   * removes a namespace's devices later, in the background, and until then the VNI stays taken in the underlay.
   */
  void delete() {
    remove(netns);
  }

  private static void remove(NetworkNamespace ns) {
    if (ns.exists()) {
      String ip = ForwardingTable.tool("ip");
      ns.command(ip, "link", "del", VXLAN).run();
      ns.command(ip, "link", "del", BRIDGE).run();
    }
    ns.delete();
  }

  /**
   * {@code net.bridge.bridge-nf-call-*=0} in the namespace: where {@code br_netfilter} is loaded (Docker loads
   * it), a new namespace starts at 1 and bridged overlay traffic then meets the host's netfilter rules and is lost.
   * Nothing to do where the module is not loaded.
   */
  private static void disableBridgeNetfilter(NetworkNamespace ns) {
    String script = "for f in /proc/sys/net/bridge/bridge-nf-call-iptables /proc/sys/net/bridge/bridge-nf-call-ip6tables"
        + " /proc/sys/net/bridge/bridge-nf-call-arptables; do [ -e $f ] && echo 0 > $f; done; true";
    ns.command("/bin/sh", "-c", script).run().orThrow();
  }

  @Override
  public String toString() {
    return "overlay network " + id + " (VNI " + vni + ")";
  }
}
