package swarm.core.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;

/**
 * What a worker needs of one overlay network, derived by the managers from the Raft state and pushed with the
 * node's {@link Assignments}: the network's VXLAN identity, every endpoint on it on any node (to program static
 * FDB and neighbour entries, no learning), and the services reachable on it (DNS names, VIPs, the task addresses
 * to balance to). A node gets the view of each network its assigned tasks are attached to, and of the ingress
 * network always (the routing mesh runs on every node). Immutable.
 *
 * @param subnet CIDR, e.g. {@code 10.0.1.0/24}
 * @param ingress the routing mesh's network
 */
public record NetworkView(@JsonProperty("ID") String id, String name, int vni, String subnet, boolean ingress,
                          List<Endpoint> endpoints, List<ServiceEntry> services) {
  public NetworkView {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    services = services == null ? List.of() : List.copyOf(services);
  }

  /**
   * One address on the network: a task's ({@code taskId} set) or, on the ingress network, a node's own mesh
   * address ({@code taskId} null). {@code nodeAddr} is the node's underlay address, where VXLAN packets go.
   */
  public record Endpoint(@JsonProperty("TaskID") String taskId, @JsonProperty("NodeID") String nodeId,
                         String address, String nodeAddr) {
    /** The endpoint's MAC address, derived from its IPv4 address as Docker does ({@link #macOf}). */
    public String mac() {
      return macOf(address);
    }
  }

  /**
   * A service attached to this network. {@code vip} is its virtual IP here (null in dnsrr mode);
   * {@code taskAddresses} the addresses of its tasks that may take traffic now (running, and healthy when they
   * have a health check), the VIP's and the DNS answers' backends; {@code ingressPorts} its ports published
   * through the routing mesh (only on the ingress network's view).
   */
  public record ServiceEntry(@JsonProperty("ID") String id, String name, EndpointSpec.Mode mode, String vip,
                             List<String> aliases, List<String> taskAddresses, List<PortConfig> ingressPorts) {
    public ServiceEntry {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
      taskAddresses = taskAddresses == null ? List.of() : List.copyOf(taskAddresses);
      ingressPorts = ingressPorts == null ? List.of() : List.copyOf(ingressPorts);
    }
  }

  /** {@code 02:42} and the four bytes of an IPv4 address: {@code 10.0.1.5} → {@code 02:42:0a:00:01:05}. */
  public static String macOf(String ipv4) {
    String[] b = ipv4.split("/")[0].split("\\.");
    if (b.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
    }
    StringBuilder mac = new StringBuilder("02:42");
    for (String octet : b) {
      mac.append(':').append(String.format(Locale.ROOT, "%02x", Integer.parseInt(octet)));
    }
    return mac.toString();
  }
}
