package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

/** {@code swarm init --default-addr-pool --default-addr-pool-mask-length}: where overlay networks get subnets. */
class AddressPoolIT {
  private TestDaemon daemon;

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void networksTakeTheirSubnetsFromThePoolGivenAtInit() throws Exception {
    daemon = new TestDaemon().start();
    daemon.refused("invalid --default-addr-pool-mask-length 31: must be 8 to 29", "init",
        "--default-addr-pool", "172.30.0.0/16", "--default-addr-pool-mask-length", "31");
    daemon.ok("init", "--default-addr-pool", "172.30.0.0/16", "--default-addr-pool-mask-length", "26");

    JsonNode swarm = daemon.api().get("/swarm");
    assertThat(swarm.path("DefaultAddrPool").get(0).asText()).isEqualTo("172.30.0.0/16");
    assertThat(swarm.path("SubnetSize").asInt()).isEqualTo(26);
    assertThat(subnet("ingress")).isEqualTo("172.30.0.0/26");
    daemon.ok("network", "create", "front");
    assertThat(subnet("front")).isEqualTo("172.30.0.64/26");
  }

  private String subnet(String network) throws Exception {
    JsonNode n = Json.read(daemon.ok("network", "inspect", network).out(), JsonNode.class).get(0);
    return n.path("IPAM").path("Config").get(0).path("Subnet").asText();
  }
}
