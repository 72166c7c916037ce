package swarm.core.object;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A task's place on one network, allocated by the managers (Docker's {@code NetworkAttachment}): the network's id
 * and the task's addresses on it in CIDR form ({@code 10.0.1.5/24}). Immutable.
 */
public record NetworkAttachment(@JsonProperty("NetworkID") String networkId, List<String> addresses) {
  public NetworkAttachment {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }

  /** The first address without its prefix length ({@code 10.0.1.5}), null when none is allocated yet. */
  public String address() {
    return addresses.isEmpty() ? null : addresses.get(0).split("/")[0];
  }
}
