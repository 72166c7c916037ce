package swarm.net.lb;

/** The views' addresses as nftables and ip want them. */
final class Addresses {
  private Addresses() {}

  /** {@code 10.0.1.5/24} → {@code 10.0.1.5}: views may carry an address with its prefix, as Docker's do. */
  static String bare(String address) {
    int slash = address.indexOf('/');
    return (slash < 0 ? address : address.substring(0, slash)).strip();
  }

  /** An IPv4 address as the unsigned 32-bit number it is: {@code 10.255.0.2} → 184483842. */
  static long toLong(String address) {
    String[] b = bare(address).split("\\.");
    if (b.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    long v = 0;
    for (String octet : b) {
      v = (v << 8) | Integer.parseInt(octet);
    }
    return v;
  }

  /** {@code numgen random mod N map { 0 : A, 1 : B }}: one of {@code targets}, picked per new connection. */
  static String randomMap(java.util.List<String> targets) {
    StringBuilder map = new StringBuilder("numgen random mod ").append(targets.size()).append(" map { ");
    for (int i = 0; i < targets.size(); i++) {
      map.append(i == 0 ? "" : ", ").append(i).append(" : ").append(targets.get(i));
    }
    return map.append(" }").toString();
  }
}
