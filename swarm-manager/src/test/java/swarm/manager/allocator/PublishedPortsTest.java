package swarm.manager.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.PortConfig.Protocol;
import swarm.core.spec.ServiceSpec;
import swarm.manager.state.ClusterState;

class PublishedPortsTest {
  private static ServiceSpec publishing(String name, PortConfig... ports) {
    return spec(name, 1).withEndpointSpec(new EndpointSpec(null, List.of(ports)));
  }

  private static PortConfig ingress(Integer published, int target, Protocol protocol) {
    return new PortConfig(null, protocol, target, published, null);
  }

  private static List<Integer> published(ServiceSpec s) {
    return s.endpointSpec().ports().stream().map(PortConfig::publishedPort).toList();
  }

  @Test
  void anIngressPortWithoutAPublishedPortGetsTheFirstFreeOneFrom30000() {
    ClusterState s = state().service("a", publishing("a", ingress(30000, 80, Protocol.TCP))).build();

    ServiceSpec b = PublishedPorts.assign(s, publishing("b", ingress(null, 80, Protocol.TCP),
        ingress(null, 81, Protocol.TCP), ingress(8080, 82, Protocol.TCP)), null);

    assertThat(published(b)).containsExactly(30001, 30002, 8080);
  }

  @Test
  void portsAreFreePerProtocolAndHostModePortsAreLeftAlone() {
    ClusterState s = state().service("a", publishing("a", ingress(30000, 80, Protocol.TCP))).build();

    ServiceSpec b = PublishedPorts.assign(s, publishing("b", ingress(null, 53, Protocol.UDP),
        PortConfig.host(9000, 90, Protocol.TCP)), null);

    assertThat(published(b)).containsExactly(30000, 9000);
  }

  @Test
  void anUpdateKeepsThePortTheServiceWasGiven() {
    ClusterState s = state().service("a", publishing("a", ingress(30000, 80, Protocol.TCP)))
        .service("web", publishing("web", ingress(30001, 80, Protocol.TCP))).build();

    ServiceSpec updated = PublishedPorts.assign(s, publishing("web", ingress(null, 80, Protocol.TCP),
        ingress(null, 443, Protocol.TCP)), s.services().get("web"));

    assertThat(published(updated)).containsExactly(30001, 30002);
  }

  @Test
  void aFullRangeIsAConflictThatSaysWhatToDo() {
    var b = state();
    for (int port = PublishedPorts.FIRST; port <= PublishedPorts.LAST; port++) {
      b.service("s" + port, publishing("s" + port, ingress(port, 80, Protocol.TCP)));
    }
    ClusterState s = b.build();

    assertThatThrownBy(() -> PublishedPorts.assign(s, publishing("late", ingress(null, 80, Protocol.TCP)), null))
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.CONFLICT))
        .hasMessageContaining("30000-32767").hasMessageContaining("published=PORT,target=80");
  }

  @Test
  void aSpecThatGivesEveryPortIsUnchanged() {
    ServiceSpec given = publishing("b", ingress(8080, 80, Protocol.TCP));
    assertThat(PublishedPorts.assign(state().build(), given, null)).isSameAs(given);
  }
}
