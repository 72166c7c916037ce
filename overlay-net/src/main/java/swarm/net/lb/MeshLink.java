package swarm.net.lb;

import swarm.core.dispatch.NetworkView;

/**
 * A node's host namespace plugged into the ingress network: a veth whose host end ({@link #name}) holds the node's
 * mesh address, with the MAC address {@link NetworkView#macOf} derives from it (the tasks' return path tells nodes
 * apart by it, and the overlay's static FDB and neighbour entries assume it), and whose other end joins the
 * ingress network's bridge in that network's namespace. The overlay owns the bridge; this owns the veth.
 * Not thread-safe: the caller serialises.
 */
public final class MeshLink {
  /** The host end's name in the daemon ({@code docker_gwbridge}'s cousin; at most 15 characters). */
  public static final String DEFAULT_NAME = "swarm_mesh";
  /** The overlay's MTU: VXLAN takes 50 of the underlay's 1500 bytes. */
  public static final int MTU = 1450;

  private final Netns host;
  private final String name;

  public MeshLink(Netns host, String name) {
    if (name.isEmpty() || name.length() > 15) {
      throw new IllegalArgumentException("interface name '" + name + "' must have 1-15 characters");
    }
    this.host = host;
    this.name = name;
  }

  /** The host end's name: {@link IngressMesh}'s mesh interface. */
  public String name() {
    return name;
  }

  /**
   * Plugs the host into the bridge {@code bridge} of the ingress network's namespace with {@code address/prefix}
   * (e.g. {@code 10.255.0.2/16}); when the host end exists already, only its address and state are made right.
   */
  public void attach(Netns ingressNamespace, String bridge, String addressWithPrefix) {
    String address = Addresses.bare(addressWithPrefix);
    if (!addressWithPrefix.contains("/")) {
      throw new IllegalArgumentException("mesh address '" + addressWithPrefix + "' needs its prefix length, "
          + "e.g. 10.255.0.2/16");
    }
    if (!exists()) {
      String peer = peerName(address);
      ingressNamespace.ip("link add " + peer + " mtu " + MTU + " type veth peer name " + name + " netns "
          + host.reference() + "\n"
          + "link set " + peer + " master " + bridge + " up\n");
    }
    host.ip("link set " + name + " address " + NetworkView.macOf(address) + " mtu " + MTU + "\n"
        + "addr replace " + addressWithPrefix + " dev " + name + "\n"
        + "link set " + name + " up\n");
  }

  /** Unplugs the host (its veth goes, both ends); nothing when it is not plugged. */
  public void detach() {
    if (exists()) {
      host.ip("link del " + name + "\n");
    }
  }

  /** True when the host end exists. */
  public boolean exists() {
    return host.ipOutput("-j", "link", "show").contains("\"ifname\":\"" + name + "\"");
  }

  /** The bridge end's name: unique per mesh address, so several nodes' ends may share one namespace (tests). */
  static String peerName(String address) {
    return "m" + String.format("%08x", Addresses.toLong(address));
  }
}
