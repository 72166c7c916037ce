package swarm.manager.controlapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import swarm.core.error.SwarmException;
import swarm.core.object.Network;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.ServiceSpec;
import swarm.manager.state.ClusterState;

/**
 * The network side of a service request: each {@code --network} target (a name, an id, or a unique id prefix)
 * resolved to the network's id, as stored. Stateless.
 */
final class ServiceNetworks {
  private ServiceNetworks() {}

  /** {@code spec} with its network targets resolved to ids; 404 naming the first unknown one. */
  static ServiceSpec resolve(ClusterState state, ServiceSpec spec) {
    List<NetworkAttachmentConfig> resolved = new ArrayList<>();
    for (NetworkAttachmentConfig c : spec.taskTemplate().networks()) {
      Network n = network(state, c.target());
      if (n.isIngress()) {
        throw SwarmException.invalid("service cannot be explicitly attached to the ingress network \"" + n.name()
            + "\" (--network): publish a port (--publish) to use the routing mesh");
      }
      resolved.add(c.withTarget(n.id()));
    }
    return spec.withTaskTemplate(spec.taskTemplate().withNetworks(resolved));
  }

  /** By id, exact name, or unique id prefix. */
  static Network network(ClusterState state, String idOrName) {
    Network byId = state.networks().get(idOrName);
    if (byId != null) {
      return byId;
    }
    Optional<Network> byName = state.networkByName(idOrName);
    if (byName.isPresent()) {
      return byName.get();
    }
    List<Network> byPrefix = idOrName.isEmpty() ? List.of() : state.networksByIdPrefix(idOrName);
    if (byPrefix.size() == 1) {
      return byPrefix.get(0);
    }
    if (byPrefix.size() > 1) {
      throw SwarmException.invalid("network " + idOrName + " is ambiguous (" + byPrefix.size() + " matches found)");
    }
    throw SwarmException.notFound("network " + idOrName + " not found");
  }
}
