package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;

class ReturnRoutesTest {
  private static final NetworkView INGRESS = new NetworkView("i", "ingress", 4096, "10.255.0.0/16", true,
      List.of(new NetworkView.Endpoint(null, "node-a", "10.255.0.2", "192.168.1.10"),
          new NetworkView.Endpoint(null, "node-b", "10.255.0.3/16", "192.168.1.11"),
          new NetworkView.Endpoint("task-1", "node-b", "10.255.0.9", "192.168.1.11")),
      List.of(new NetworkView.ServiceEntry("dns", "dns", EndpointSpec.Mode.VIP, "10.255.0.4", List.of(),
          List.of("10.255.0.9"), List.of(
              new PortConfig(null, PortConfig.Protocol.UDP, 53, 53, PortConfig.PublishMode.INGRESS),
              new PortConfig(null, PortConfig.Protocol.TCP, 53, 53, PortConfig.PublishMode.INGRESS)))));

  @Test
  void eachNodesMeshMacMarksItsConnectionsAndTheMarkRoutesRepliesBackToIt() {
    ReturnRoutes r = ReturnRoutes.of(INGRESS, "dns", "node-b");

    // the mark and the table are the node's mesh address as a number: 10.255.0.2 = 0x0aff0002
    assertThat(r.script("eth1")).contains(
        "iifname \"eth1\" ct state new ct mark set ether saddr map "
            + "{ 02:42:0a:ff:00:02 : 0xaff0002, 02:42:0a:ff:00:03 : 0xaff0003 }",
        "type route hook output priority mangle", "ct mark != 0 meta mark set ct mark");
    assertThat(r.rules()).contains("priority 1000 fwmark 0xaff0002 lookup 184483842",
        "priority 1000 fwmark 0xaff0003 lookup 184483843");
    assertThat(r.routes()).contains(new ReturnRoutes.Route(184483842L, "10.255.0.2"),
        new ReturnRoutes.Route(184483843L, "10.255.0.3"));
  }

  @Test
  void udpTargetPortsOfTheTasksServiceFirstRouteOverTheMeshToTheOwnNode() {
    ReturnRoutes r = ReturnRoutes.of(INGRESS, "dns", "node-b");

    assertThat(r.rules()).contains("priority 1100 ipproto udp sport 53 lookup main suppress_prefixlength 0",
        "priority 1101 ipproto udp sport 53 lookup 200").noneMatch(rule -> rule.contains("tcp"));
    assertThat(r.routes()).contains(new ReturnRoutes.Route(200, "10.255.0.3"));
    assertThat(ReturnRoutes.of(INGRESS, "other-service", "node-b").rules()).noneMatch(rule -> rule.contains("sport"));
  }

  @Test
  void withoutNodesThereIsNothingToProgram() {
    NetworkView empty = new NetworkView("i", "ingress", 4096, "10.255.0.0/16", true, List.of(), List.of());
    assertThat(ReturnRoutes.of(empty, "dns", "node-b").script("eth1")).isNull();
  }
}
