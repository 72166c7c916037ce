package swarm.manager.allocator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import swarm.core.error.SwarmException;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.spec.Cidr;
import swarm.core.spec.NetworkSpec;
import swarm.manager.state.ClusterState;

/**
 * A new network's VXLAN id and subnet: the lowest VNI from {@link #FIRST_VNI} no network uses, and the subnet asked
 * for, or else the first subnet of the cluster's address pool ({@code DefaultAddrPool}, cut in {@code SubnetSize}
 * pieces: Docker's 10.0.0.0/8 in /24s) that overlaps no network's; the gateway is the subnet's first host address
 * unless given. Stateless: the log's applier refuses the network if another took the same in the meantime.
 */
public final class NetworkAllocation {
  /** Docker's first overlay VXLAN id (lower ones are left to other uses, as libnetwork does). */
  public static final int FIRST_VNI = 4096;
  /** The highest VXLAN id (24 bits). */
  public static final int LAST_VNI = (1 << 24) - 1;
  public static final String INGRESS_NAME = "ingress";

  private NetworkAllocation() {}

  /**
   * The network {@code spec} gets in {@code state}.
   *
   * @throws SwarmException conflict when the subnet asked for overlaps a network's, or the pool or the VNIs are used
   *     up
   */
  public static Network allocate(String id, NetworkSpec spec, ClusterState state, Instant now) {
    Cidr subnet = spec.subnet() != null ? requested(spec, state) : fromPool(state);
    String gateway = spec.gateway() != null ? spec.gateway() : Cidr.format(subnet.at(1));
    return new Network(id, null, now, now, spec, vni(state), subnet.toString(), gateway, Map.of());
  }

  /** The routing mesh's network as {@code swarm init} creates it: the pool's first subnet (10.0.0.0/24). */
  public static Network ingress(String id, Cluster cluster, Instant now) {
    Cidr first = firstSubnet(Cidr.parse(cluster.defaultAddrPool().get(0)), cluster.subnetSize());
    NetworkSpec spec = new NetworkSpec(INGRESS_NAME, Map.of(), NetworkSpec.OVERLAY, first.toString(), null, false,
        true);
    return allocate(id, spec, ClusterState.EMPTY, now);
  }

  /**
   * Every problem with an address pool ({@code --default-addr-pool}) and its subnet size
   * ({@code --default-addr-pool-mask-length}); nulls mean Docker's defaults.
   */
  public static List<String> poolProblems(List<String> pool, Integer subnetSize) {
    List<String> problems = new java.util.ArrayList<>();
    int size = subnetSize == null || subnetSize == 0 ? Cluster.DEFAULT_SUBNET_SIZE : subnetSize;
    if (size < 8 || size > 29) {
      problems.add("invalid --default-addr-pool-mask-length " + size + ": must be 8 to 29");
    }
    List<Cidr> seen = new java.util.ArrayList<>();
    for (String p : pool == null ? List.<String>of() : pool) {
      try {
        Cidr c = Cidr.parse(p);
        if (c.prefixLength() > size) {
          problems.add("invalid --default-addr-pool " + p + ": its prefix /" + c.prefixLength()
              + " is longer than the subnet size /" + size + " (--default-addr-pool-mask-length)");
        }
        for (Cidr other : seen) {
          if (other.overlaps(c)) {
            problems.add("invalid --default-addr-pool " + p + ": it overlaps " + other);
          }
        }
        seen.add(c);
      } catch (IllegalArgumentException e) {
        problems.add("invalid --default-addr-pool: " + e.getMessage());
      }
    }
    return problems;
  }

  private static Cidr requested(NetworkSpec spec, ClusterState state) {
    Cidr subnet = Cidr.parse(spec.subnet());
    for (Network n : state.networks().values()) {
      if (n.cidr().overlaps(subnet)) {
        throw SwarmException.conflict("subnet " + subnet + " (--subnet) overlaps network " + n.name()
            + "'s subnet " + n.subnet() + ": choose another");
      }
    }
    return subnet;
  }

  private static Cidr fromPool(ClusterState state) {
    Cluster c = state.cluster();
    List<String> pools = c == null ? Cluster.DEFAULT_ADDR_POOL : c.defaultAddrPool();
    int size = c == null ? Cluster.DEFAULT_SUBNET_SIZE : c.subnetSize();
    for (String p : pools) {
      Cidr pool = Cidr.parse(p);
      long count = 1L << Math.max(0, size - pool.prefixLength());
      for (long i = 0; i < count; i++) {
        Cidr candidate = new Cidr(pool.at(i << (32 - size)), size);
        if (state.networks().values().stream().noneMatch(n -> n.cidr().overlaps(candidate))) {
          return candidate;
        }
      }
    }
    throw SwarmException.conflict("no free subnet left in the address pool " + String.join(", ", pools)
        + ": remove a network or give --subnet");
  }

  private static Cidr firstSubnet(Cidr pool, int size) {
    return new Cidr(pool.network(), Math.max(size, pool.prefixLength()));
  }

  private static int vni(ClusterState state) {
    java.util.Set<Integer> used = new java.util.HashSet<>();
    state.networks().values().forEach(n -> used.add(n.vni()));
    for (int v = FIRST_VNI; v <= LAST_VNI; v++) {
      if (!used.contains(v)) {
        return v;
      }
    }
    throw SwarmException.conflict("no free VXLAN id left");
  }
}
