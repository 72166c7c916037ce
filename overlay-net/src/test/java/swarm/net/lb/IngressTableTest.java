package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;

class IngressTableTest {
  private static NetworkView ingress(List<String> tasks, PortConfig... ports) {
    return new NetworkView("i", "ingress", 4096, "10.255.0.0/16", true, List.of(), List.of(
        new NetworkView.ServiceEntry("web", "web", EndpointSpec.Mode.VIP, "10.255.0.2", List.of(), tasks,
            List.of(ports))));
  }

  @Test
  void aPublishedPortIsDnatedToTheTasksTargetPortWithoutSourceNatForRemoteClients() {
    NetworkView view = ingress(List.of("10.255.0.6", "10.255.0.5/16"),
        new PortConfig(null, PortConfig.Protocol.TCP, 80, 8080, PortConfig.PublishMode.INGRESS),
        new PortConfig(null, PortConfig.Protocol.UDP, 53, 5353, PortConfig.PublishMode.INGRESS));

    String script = IngressTable.script(IngressTable.published(view).values(), "swarm_mesh");

    String tcp = "fib daddr type local tcp dport 8080 dnat ip to numgen random mod 2 map "
        + "{ 0 : 10.255.0.5 . 80, 1 : 10.255.0.6 . 80 }";
    String udp = "fib daddr type local udp dport 5353 dnat ip to numgen random mod 2 map "
        + "{ 0 : 10.255.0.5 . 53, 1 : 10.255.0.6 . 53 }";
    // prerouting (other hosts) and output (this node's programs)
    assertThat(occurrences(script, tcp)).isEqualTo(2);
    assertThat(occurrences(script, udp)).isEqualTo(2);
    // the only source NAT: loopback clients, which the backend could not answer
    assertThat(script).contains("oifname \"swarm_mesh\" ip saddr 127.0.0.0/8 masquerade");
    assertThat(occurrences(script, "masquerade")).isEqualTo(1);
  }

  private static int occurrences(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void aPortWithoutTasksRefuses() {
    NetworkView view = ingress(List.of(),
        new PortConfig(null, PortConfig.Protocol.TCP, 80, 8080, PortConfig.PublishMode.INGRESS),
        new PortConfig(null, PortConfig.Protocol.UDP, 53, 5353, PortConfig.PublishMode.INGRESS));

    String script = IngressTable.script(IngressTable.published(view).values(), "swarm_mesh");

    assertThat(script).doesNotContain("dnat").contains("fib daddr type local tcp dport 8080 reject with tcp reset",
        "fib daddr type local udp dport 5353 reject");
  }

  @Test
  void hostModePortsAreNotTheMeshs() {
    assertThat(IngressTable.published(ingress(List.of("10.255.0.5"), PortConfig.host(8080, 80,
        PortConfig.Protocol.TCP)))).isEmpty();
  }
}
