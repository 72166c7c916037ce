package swarm.manager.allocator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import swarm.core.error.SwarmException;
import swarm.core.object.Service;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;
import swarm.manager.state.ClusterState;

/**
 * Published ports the user left to the swarm: {@code -p 80} (an ingress port with no published port) gets one of
 * 30000-32767, as Swarm's port allocator gives, and keeps it across updates of the service (the same target port
 * and protocol). Unlike Swarm, the chosen port is written into the stored spec, so {@code service inspect} shows it
 * in both {@code Spec} and {@code Endpoint}. Two services created at once may pick the same port: the log's applier
 * refuses the second ({@code NetworkWrites.ingressPortTaken}), as for a port given by hand. Pure.
 */
public final class PublishedPorts {
  public static final int FIRST = 30000;
  public static final int LAST = 32767;

  private PublishedPorts() {}

  /**
   * {@code spec} with a published port for each ingress port that has none.
   *
   * @param current the service being updated, or null for a new one
   * @throws SwarmException (conflict) when every port of the range is taken
   */
  public static ServiceSpec assign(ClusterState state, ServiceSpec spec, Service current) {
    List<PortConfig> ports = spec.endpointSpec().ports();
    if (ports.stream().noneMatch(p -> p.isIngressMode() && p.publishedPort() == 0)) {
      return spec;
    }
    Set<String> taken = new HashSet<>();
    for (Service s : state.services().values()) {
      if (current == null || !s.id().equals(current.id())) {
        s.spec().endpointSpec().ingressPorts().forEach(p -> taken.add(key(p.publishedPort(), p.protocol())));
      }
    }
    ports.stream().filter(p -> p.isIngressMode() && p.publishedPort() > 0)
        .forEach(p -> taken.add(key(p.publishedPort(), p.protocol())));
    List<PortConfig> had = current == null ? List.of() : current.spec().endpointSpec().ingressPorts();
    List<PortConfig> assigned = new ArrayList<>();
    for (PortConfig p : ports) {
      if (!p.isIngressMode() || p.publishedPort() > 0) {
        assigned.add(p);
        continue;
      }
      int port = had.stream()
          .filter(h -> h.targetPort().equals(p.targetPort()) && h.protocol() == p.protocol()
              && !taken.contains(key(h.publishedPort(), h.protocol())))
          .mapToInt(PortConfig::publishedPort).findFirst().orElseGet(() -> free(taken, p));
      taken.add(key(port, p.protocol()));
      assigned.add(new PortConfig(p.name(), p.protocol(), p.targetPort(), port, p.publishMode()));
    }
    return spec.withEndpointSpec(new EndpointSpec(spec.endpointSpec().mode(), assigned));
  }

  private static int free(Set<String> taken, PortConfig p) {
    for (int port = FIRST; port <= LAST; port++) {
      if (!taken.contains(key(port, p.protocol()))) {
        return port;
      }
    }
    throw SwarmException.conflict("no free published port for target port " + p.targetPort() + "/"
        + p.protocol().wire() + ": every port of " + FIRST + "-" + LAST + " is published by a service; give one with "
        + "--publish published=PORT,target=" + p.targetPort());
  }

  private static String key(int port, PortConfig.Protocol protocol) {
    return port + "/" + protocol.wire();
  }
}
