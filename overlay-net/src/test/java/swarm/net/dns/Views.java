package swarm.net.dns;

import java.util.List;
import swarm.core.dispatch.NetworkView;
import swarm.core.dispatch.NetworkView.ServiceEntry;
import swarm.core.spec.EndpointSpec;

/** Network views as the managers push them, made short for the DNS tests. */
final class Views {
  private Views() {}

  static NetworkView network(String id, ServiceEntry... services) {
    return new NetworkView(id, "net-" + id, 4096, "10.0.0.0/24", false, List.of(), List.of(services));
  }

  static ServiceEntry vip(String name, String vip, List<String> aliases, String... tasks) {
    return new ServiceEntry("id-" + name, name, EndpointSpec.Mode.VIP, vip, aliases, List.of(tasks), List.of());
  }

  static ServiceEntry dnsrr(String name, String... tasks) {
    return new ServiceEntry("id-" + name, name, EndpointSpec.Mode.DNSRR, null, List.of(), List.of(tasks),
        List.of());
  }
}
