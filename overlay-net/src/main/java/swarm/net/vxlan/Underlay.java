package swarm.net.vxlan;

import java.util.regex.Pattern;
import swarm.net.gateway.NetworkNamespace;

/**
 * Where this node's VXLAN traffic enters and leaves: the network namespace that holds the VXLAN devices' UDP
 * socket (port {@value #VXLAN_PORT}), normally the daemon's own, and the node's underlay address there, the
 * address the daemon advertises (Docker's {@code --advertise-addr}, {@code Node.Status.Addr}), used as the
 * source of the encapsulated packets and as the address other nodes send this node's endpoints' packets to.
 * Immutable.
 */
public record Underlay(NetworkNamespace netns, String address) {
  /** The IANA VXLAN port, as Docker Swarm uses by default. */
  public static final int VXLAN_PORT = 4789;
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  public Underlay {
    if (netns == null) {
      throw new IllegalArgumentException("underlay namespace is missing");
    }
    if (address == null || !IPV4.matcher(address).matches()) {
      throw new IllegalArgumentException("underlay address '" + address + "' is not an IPv4 address such as "
          + "10.0.0.1: use the address the node advertises");
    }
  }

  /** The daemon's own namespace with {@code address}. */
  public static Underlay ofThisProcess(String address) {
    return new Underlay(NetworkNamespace.ofThisProcess(), address);
  }
}
