package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.spec.Cidr;
import swarm.core.spec.NetworkSpec;

/**
 * An overlay network as stored in the Raft log: the user's spec and what the managers allocated for it, its VXLAN
 * id ({@code vni}), its subnet and gateway. For the ingress network also each node's own address on it
 * ({@code meshAddresses}: node id → address in CIDR form), from which the routing mesh forwards to tasks on other
 * nodes. Immutable; "modify" means a {@code with...} copy.
 */
public record Network(@JsonProperty("ID") String id, Version version, Instant createdAt, Instant updatedAt,
                      NetworkSpec spec, @JsonProperty("VNI") int vni, String subnet, String gateway,
                      Map<String, String> meshAddresses) {
  public Network {
    version = version == null ? Version.NONE : version;
    meshAddresses = meshAddresses == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(meshAddresses));
  }

  public String name() {
    return spec.name();
  }

  public boolean isIngress() {
    return spec.ingress();
  }

  /** The subnet, parsed. */
  public Cidr cidr() {
    return Cidr.parse(subnet);
  }

  public Network withVersion(Version v) {
    return new Network(id, v, createdAt, updatedAt, spec, vni, subnet, gateway, meshAddresses);
  }

  /** The network with node {@code nodeId}'s mesh address set ({@code address} null: released). */
  public Network withMeshAddress(String nodeId, String address, Instant now) {
    Map<String, String> next = new TreeMap<>(meshAddresses);
    if (address == null) {
      next.remove(nodeId);
    } else {
      next.put(nodeId, address);
    }
    return new Network(id, version, createdAt, now, spec, vni, subnet, gateway, next);
  }
}
