package swarm.core.spec;

import java.util.regex.Pattern;

/**
 * An IPv4 subnet in CIDR form ({@code 10.0.1.0/24}) and the address arithmetic the network allocator and the
 * network spec's validation need: which addresses it holds, the n-th one, whether two overlap. Immutable.
 *
 * @param network the subnet's first address as an unsigned 32-bit value in an int
 */
public record Cidr(int network, int prefixLength) {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  public Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length /" + prefixLength + " is not between /0 and /32");
    }
    network = network & mask(prefixLength);
  }

  /**
   * The subnet of {@code text}, e.g. {@code 10.0.1.0/24} (host bits are cleared).
   *
   * @throws IllegalArgumentException when it is not an IPv4 CIDR
   */
  public static Cidr parse(String text) {
    String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
    if (parts.length != 2 || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 CIDR such as 10.0.1.0/24");
    }
    return new Cidr(address(parts[0]), Integer.parseInt(parts[1]));
  }

  /**
   * The address {@code text} ({@code 10.0.1.5}) as an unsigned 32-bit value in an int.
   *
   * @throws IllegalArgumentException when it is not an IPv4 address
   */
  public static int address(String text) {
    var m = text == null ? null : IPV4.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 address such as 10.0.1.1");
    }
    int a = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address such as 10.0.1.1");
      }
      a = a << 8 | octet;
    }
    return a;
  }

  /** {@code 10.0.1.5}. */
  public static String format(int address) {
    return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
  }

  /** How many addresses the subnet spans, network and broadcast addresses included. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The subnet's {@code i}-th address (0 is the network address). */
  public int at(long i) {
    return (int) (Integer.toUnsignedLong(network) + i);
  }

  /** The index of {@code address} in this subnet, or -1 when outside. */
  public long indexOf(int address) {
    return contains(address) ? Integer.toUnsignedLong(address) - Integer.toUnsignedLong(network) : -1;
  }

  public boolean contains(int address) {
    return (address & mask(prefixLength)) == network;
  }

  public boolean overlaps(Cidr other) {
    int shorter = Math.min(prefixLength, other.prefixLength);
    return (network & mask(shorter)) == (other.network & mask(shorter));
  }

  /** {@code address} with this subnet's prefix length: {@code 10.0.1.5/24}. */
  public String withPrefix(int address) {
    return format(address) + "/" + prefixLength;
  }

  @Override
  public String toString() {
    return format(network) + "/" + prefixLength;
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }
}
