package swarm.net.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.spec.PortConfig;
import swarm.net.firewall.Nft;

class HostPortsTest {
  private final GatewayBridge bridge = new GatewayBridge("swarm_gwbridge", AddressPool.parse("172.18.0.0/16"));
  private final HostPorts ports = new HostPorts(Nft.host(), bridge);

  @Test
  void eachPortIsForwardedToItsTaskFromOutsideAndFromThisHost() {
    String script = ports.script(List.of(
        new HostPorts.Forward(PortConfig.host(8080, 80, PortConfig.Protocol.TCP), "172.18.0.2"),
        new HostPorts.Forward(PortConfig.host(5353, 53, PortConfig.Protocol.UDP), "172.18.0.3")));

    assertThat(script).startsWith("table ip swarm_ports {}\ndelete table ip swarm_ports\ntable ip swarm_ports {\n");
    String tcp = "fib daddr type local tcp dport 8080 dnat to 172.18.0.2:80";
    String udp = "fib daddr type local udp dport 5353 dnat to 172.18.0.3:53";
    // once in prerouting (from other hosts), once in output (from this host, 127.0.0.1 included)
    assertThat(script.split(tcp, -1)).hasSize(3);
    assertThat(script.split(udp, -1)).hasSize(3);
    assertThat(script).contains("oifname \"swarm_gwbridge\" ip saddr 127.0.0.0/8 masquerade",
        "oifname != \"swarm_gwbridge\" ip saddr 172.18.0.0/16 masquerade");
  }

  @Test
  void withoutPortsTheTableHasNoForwards() {
    assertThat(ports.script(List.of())).doesNotContain("dnat");
  }

  @Test
  void vethNamesFitTheKernelsFifteenCharactersAndDifferPerTask() {
    assertThat(GatewayNetwork.vethName("3jthng29banvmja63t3jzf477")).hasSize(15).startsWith("veth")
        .isNotEqualTo(GatewayNetwork.vethName("2gxl2qhtg8zirg1l6eie36rbb"));
  }
}
