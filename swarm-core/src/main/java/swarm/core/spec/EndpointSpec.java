package swarm.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import swarm.core.json.WireNames;

/**
 * Docker's {@code EndpointSpec}: how a service is reached — its published ports and how its name resolves
 * ({@code vip}, the default, or {@code dnsrr}). Immutable; defaults to no ports.
 */
public record EndpointSpec(Mode mode, List<PortConfig> ports) {
  public static final EndpointSpec NONE = new EndpointSpec(null, null);

  public EndpointSpec {
    mode = mode == null ? Mode.VIP : mode;
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** The ports published in host mode (on the node that runs the task). */
  public List<PortConfig> hostPorts() {
    return ports.stream().filter(PortConfig::isHostMode).toList();
  }

  /** The ports published through the routing mesh (on every node). */
  public List<PortConfig> ingressPorts() {
    return ports.stream().filter(PortConfig::isIngressMode).toList();
  }

  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (mode == Mode.DNSRR && !ingressPorts().isEmpty()) {
      // Swarm's message (swarmkit controlapi validateEndpointSpec).
      problems.add("port published with ingress mode can't be used with dnsrr mode");
    }
    Set<String> published = new HashSet<>();
    for (PortConfig p : ports) {
      if (p == null) {
        problems.add("invalid published port (--publish): empty");
        continue;
      }
      problems.addAll(p.validate());
      if (p.publishedPort() > 0 && !published.add(p.publishedPort() + "/" + p.protocol().wire())) {
        problems.add("port " + p.publishedPort() + "/" + p.protocol().wire()
            + " is published more than once (--publish)");
      }
    }
    return problems;
  }

  /** How the service's name resolves inside its networks. */
  public enum Mode {
    VIP, DNSRR;

    @JsonValue
    public String wire() {
      return WireNames.of(this);
    }

    @JsonCreator
    public static Mode parse(String text) {
      return WireNames.parse(Mode.class, text, "endpoint mode");
    }
  }
}
