package swarm.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the user asked for in {@code network create}: Docker's {@code NetworkSpec}, flattened (one IPAM config).
 * Only the {@code overlay} driver exists; {@code subnet} and {@code gateway} are optional (the managers pick a free
 * /24 of the cluster's address pool and its first address). {@code ingress} marks the routing mesh's network, of
 * which a swarm has at most one. Immutable; {@link #validate()} lists every problem.
 */
public record NetworkSpec(String name, Map<String, String> labels, String driver, String subnet, String gateway,
                          boolean attachable, boolean ingress) {
  public static final String OVERLAY = "overlay";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  public NetworkSpec {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    driver = driver == null || driver.isBlank() ? OVERLAY : driver.strip();
    subnet = subnet == null || subnet.isBlank() ? null : subnet.strip();
    gateway = gateway == null || gateway.isBlank() ? null : gateway.strip();
  }

  /** Every problem with this spec, each naming the flag and what is allowed; empty when valid. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      problems.add("network name is required");
    } else if (!NAME.matcher(name).matches() || name.length() > 63) {
      problems.add("invalid network name '" + name
          + "': use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
    }
    if (!OVERLAY.equals(driver)) {
      problems.add("network driver '" + driver + "' (--driver) is not supported: a swarm has only the overlay driver");
    }
    Cidr cidr = null;
    if (subnet != null) {
      try {
        cidr = Cidr.parse(subnet);
        if (cidr.prefixLength() > 29 || cidr.prefixLength() < 8) {
          problems.add("invalid subnet " + subnet + " (--subnet): the prefix length must be /8 to /29");
          cidr = null;
        }
      } catch (IllegalArgumentException e) {
        problems.add("invalid subnet (--subnet): " + e.getMessage());
      }
    }
    if (gateway != null) {
      if (subnet == null) {
        problems.add("a gateway (--gateway) needs a subnet (--subnet)");
      }
      try {
        int g = Cidr.address(gateway);
        if (cidr != null && (!cidr.contains(g) || g == cidr.network() || cidr.indexOf(g) == cidr.size() - 1)) {
          problems.add("invalid gateway " + gateway + " (--gateway): must be a host address of subnet " + cidr);
        }
      } catch (IllegalArgumentException e) {
        problems.add("invalid gateway (--gateway): " + e.getMessage());
      }
    }
    if (ingress && attachable) {
      problems.add("the ingress network cannot be attachable (--attachable)");
    }
    return problems;
  }
}
