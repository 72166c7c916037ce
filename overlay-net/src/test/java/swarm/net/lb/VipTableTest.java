package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.EndpointSpec;

class VipTableTest {
  private static NetworkView view(boolean ingress, NetworkView.ServiceEntry... services) {
    return new NetworkView("n", "net", 4097, "10.0.1.0/24", ingress, List.of(), List.of(services));
  }

  private static NetworkView.ServiceEntry service(String vip, String... tasks) {
    return new NetworkView.ServiceEntry("s" + vip, "svc", vip == null ? EndpointSpec.Mode.DNSRR : EndpointSpec.Mode.VIP,
        vip, List.of(), List.of(tasks), List.of());
  }

  @Test
  void eachVipIsDnatedToItsTasksAtRandomAndGetsTheConfiguredIdleTimeout() {
    String script = VipTable.script(List.of(view(false, service("10.0.1.2/24", "10.0.1.6/24", "10.0.1.5"))),
        Duration.ofHours(24));

    assertThat(script).startsWith("table ip swarm_vip {}\ndelete table ip swarm_vip\ntable ip swarm_vip {\n")
        .contains("ip daddr 10.0.1.2 dnat ip to numgen random mod 2 map { 0 : 10.0.1.5, 1 : 10.0.1.6 }")
        .contains("policy = { established : 86400 }")
        .contains("ip daddr { 10.0.1.2 } ct state new meta l4proto tcp ct timeout set \"vip-tcp\"")
        .contains("ip daddr { 10.0.1.2 } ct state new tcp flags & (fin | syn | rst | ack) != syn reject");
  }

  @Test
  void aVipWithoutTasksRefusesInsteadOfBeingDnated() {
    String script = VipTable.script(List.of(view(false, service("10.0.1.2"))), Duration.ofSeconds(60));

    assertThat(script).doesNotContain("dnat")
        .contains("ip daddr { 10.0.1.2 } meta l4proto tcp reject with tcp reset", "ip daddr { 10.0.1.2 } reject");
  }

  @Test
  void dnsrrServicesAndTheIngressNetworkHaveNoVip() {
    assertThat(VipTable.script(List.of(view(false, service(null, "10.0.1.5")),
        view(true, service("10.255.0.2", "10.255.0.5"))), Duration.ofSeconds(60))).isNull();
  }
}
