package swarm.manager.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.PortConfig.Protocol;
import swarm.manager.scheduler.NodeInfo;
import swarm.manager.testing.StateBuilder;

class HostPortFilterTest {
  private final HostPortFilter filter = new HostPortFilter();

  private static Task publishing(PortConfig... ports) {
    return Fixtures.pendingTask(StateBuilder.spec("web", 1).withEndpointSpec(new EndpointSpec(null, List.of(ports))));
  }

  private static NodeInfo nodeWith(Task... placed) {
    NodeInfo n = Fixtures.node(state().readyNode("n1"), "n1");
    for (Task t : placed) {
      n.addTask(t);
    }
    return n;
  }

  @Test
  void aNodeWhereAnActiveTaskPublishesThePortInHostModeIsRefused() {
    Task tcp8080 = publishing(PortConfig.host(8080, 80, Protocol.TCP));
    assertThat(filter.accepts(nodeWith(), tcp8080)).isTrue();
    assertThat(filter.accepts(nodeWith(tcp8080), tcp8080)).isFalse();
    assertThat(filter.accepts(nodeWith(tcp8080),
        publishing(PortConfig.host(9090, 90, Protocol.TCP), PortConfig.host(8080, 81, Protocol.TCP)))).isFalse();
  }

  @Test
  void anotherPortOrProtocolAndTasksWithoutHostPortsDoNotConflict() {
    Task tcp8080 = publishing(PortConfig.host(8080, 80, Protocol.TCP));
    assertThat(filter.accepts(nodeWith(tcp8080), publishing(PortConfig.host(8080, 80, Protocol.UDP)))).isTrue();
    assertThat(filter.accepts(nodeWith(tcp8080), publishing(PortConfig.host(8081, 80, Protocol.TCP)))).isTrue();
    assertThat(filter.accepts(nodeWith(tcp8080), publishing())).isTrue();
    // Ingress ports are published by the routing mesh on every node, not bound by the task's node.
    Task ingress = publishing(new PortConfig(null, Protocol.TCP, 80, 8080, PortConfig.PublishMode.INGRESS));
    assertThat(filter.accepts(nodeWith(tcp8080), ingress)).isTrue();
    assertThat(filter.accepts(nodeWith(ingress), tcp8080)).isTrue();
  }

  @Test
  void explainsInSwarmkitsWords() {
    assertThat(filter.explain(2)).isEqualTo("host-mode port already in use on 2 nodes");
    assertThat(filter.explain(1)).isEqualTo("host-mode port already in use on 1 node");
  }
}
