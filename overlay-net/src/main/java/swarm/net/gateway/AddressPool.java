package swarm.net.gateway;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * The IPv4 addresses of one subnet ({@code 172.18.0.0/16}): the first is the gateway (the bridge), the others go to
 * tasks, lowest free first. Immutable; {@link #next} is told which addresses are taken.
 */
public record AddressPool(int network, int prefixLength) {
  public AddressPool {
    if (prefixLength < 8 || prefixLength > 30) {
      throw new IllegalArgumentException("subnet prefix /" + prefixLength + " is not between /8 and /30");
    }
    network = network & mask(prefixLength);
  }

  /** The pool of {@code cidr}, e.g. {@code 172.18.0.0/16}. */
  public static AddressPool parse(String cidr) {
    String[] parts = cidr.strip().split("/", 2);
    try {
      if (parts.length != 2) {
        throw new IllegalArgumentException("no /prefix");
      }
      InetAddress a = InetAddress.getByName(parts[0]);
      if (!(a instanceof Inet4Address) || !parts[0].matches("[0-9.]+")) {
        throw new IllegalArgumentException("not an IPv4 address");
      }
      return new AddressPool(toInt(a.getAddress()), Integer.parseInt(parts[1]));
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid subnet '" + cidr + "': use an IPv4 CIDR such as 172.18.0.0/16 ("
          + e.getMessage() + ")", e);
    }
  }

  /** The gateway's address: the subnet's first. */
  public String gateway() {
    return format(network + 1);
  }

  /** {@code 172.18.0.0/16}. */
  public String cidr() {
    return format(network) + "/" + prefixLength;
  }

  /** The lowest address after the gateway not in {@code taken}, below the broadcast address. */
  public String next(Set<String> taken) {
    int size = 1 << (32 - prefixLength);
    for (int i = 2; i < size - 1; i++) {
      String a = format(network + i);
      if (!taken.contains(a)) {
        return a;
      }
    }
    throw new IllegalStateException("no free address left in " + cidr());
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static String format(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }
}
