package swarm.core.spec;

import java.util.List;

/**
 * Docker's {@code NetworkAttachmentConfig} ({@code TaskTemplate.Networks}): a network a service's tasks join, and the
 * extra DNS names of the service on it. {@code target} is a network's name or id as the user gave it; the managers
 * store the network's id. Immutable.
 */
public record NetworkAttachmentConfig(String target, List<String> aliases) {
  public NetworkAttachmentConfig {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  public NetworkAttachmentConfig withTarget(String t) {
    return new NetworkAttachmentConfig(t, aliases);
  }
}
