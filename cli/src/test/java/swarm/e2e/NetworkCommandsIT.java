package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

/**
 * Overlay networks' control plane on one host, as a user drives it: {@code swarm network} create, ls, inspect, rm;
 * services attached to networks get virtual IPs and their tasks addresses; Docker's {@code /networks} API answers
 * Docker's JSON. Tasks run without overlay connectivity here (that is the data plane's). Needs root and runc.
 */
class NetworkCommandsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private TestDaemon daemon;

  @BeforeEach
  void startSwarm() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private JsonNode inspect(String... args) throws Exception {
    JsonNode all = Json.read(daemon.ok(args).out(), JsonNode.class);
    assertThat(all.isArray()).isTrue();
    return all.get(0);
  }

  @Test
  void networksAreCreatedListedInspectedAndRemoved() throws Exception {
    assertThat(daemon.ok("network", "ls").out()).contains("ingress").contains("overlay").contains("swarm");

    String id = daemon.ok("network", "create", "--driver", "overlay", "--label", "team=a", "front").out().strip();
    assertThat(id).matches("[a-z0-9]{20,}");

    List<String> table = daemon.ok("network", "ls").out().lines().toList();
    assertThat(table.get(0)).matches("NETWORK ID\\s+NAME\\s+DRIVER\\s+SCOPE");
    assertThat(table).anyMatch(l -> l.matches(id.substring(0, 12) + "\\s+front\\s+overlay\\s+swarm"));
    assertThat(daemon.ok("network", "ls", "-q").out().lines()).contains(id.substring(0, 12));
    assertThat(daemon.ok("network", "ls", "--format", "json").out())
        .contains("\"Name\":\"front\"", "\"Driver\":\"overlay\"", "\"Scope\":\"swarm\"");

    JsonNode front = inspect("network", "inspect", "front");
    assertThat(front.path("Id").asText()).isEqualTo(id);
    assertThat(front.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.0.1.0/24");
    assertThat(front.path("IPAM").path("Config").get(0).path("Gateway").asText()).isEqualTo("10.0.1.1");
    assertThat(front.path("Options").path("com.docker.network.driver.overlay.vxlanid_list").asText())
        .isEqualTo("4097");
    assertThat(front.path("Labels").path("team").asText()).isEqualTo("a");
    JsonNode ingress = inspect("network", "inspect", "ingress");
    assertThat(ingress.path("Ingress").asBoolean()).isTrue();
    assertThat(ingress.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.0.0.0/24");

    daemon.refused("network driver 'bridge' (--driver) is not supported", "network", "create", "-d", "bridge", "b");
    daemon.refused("network with name front already exists", "network", "create", "front");
    daemon.refused("overlaps network front", "network", "create", "--subnet", "10.0.1.128/25", "x");

    assertThat(daemon.ok("network", "rm", "front").out().strip()).isEqualTo("front");
    assertThat(daemon.ok("network", "ls").out()).doesNotContain("front");
    daemon.refused("network front not found", "network", "inspect", "front");
  }

  @Test
  void aServiceOnANetworkGetsAVirtualIpItsTasksAddressesAndTheNetworkStaysWhileUsed() throws Exception {
    String front = daemon.ok("network", "create", "--subnet", "10.5.0.0/24", "front").out().strip();
    String ingressId = inspect("network", "inspect", "ingress").path("Id").asText();
    daemon.ok("service", "create", "--name", "web", "--replicas", "2", "--network", "name=front,alias=www",
        "-p", "8080:80", "--stop-grace-period", "1s", "busybox:test", "sleep", "3600");

    JsonNode web = inspect("service", "inspect", "web");
    JsonNode attachment = web.path("Spec").path("TaskTemplate").path("Networks").get(0);
    assertThat(attachment.path("Target").asText()).isEqualTo(front);
    assertThat(attachment.path("Aliases").get(0).asText()).isEqualTo("www");
    List<String> vipNetworks = new ArrayList<>();
    for (JsonNode vip : web.path("Endpoint").path("VirtualIPs")) {
      vipNetworks.add(vip.path("NetworkID").asText());
      assertThat(vip.path("Addr").asText()).matches(vip.path("NetworkID").asText().equals(front)
          ? "10\\.5\\.0\\.\\d+/24" : "10\\.0\\.0\\.\\d+/24");
    }
    assertThat(vipNetworks).containsExactlyInAnyOrder(front, ingressId);
    assertThat(web.path("Endpoint").path("Ports").get(0).path("PublishMode").asText()).isEqualTo("ingress");

    List<String> addresses = new ArrayList<>();
    for (JsonNode task : daemon.api().get("/tasks")) {
      for (JsonNode a : task.path("NetworksAttachments")) {
        addresses.add(a.path("NetworkID").asText() + " " + a.path("Addresses").get(0).asText());
      }
    }
    assertThat(addresses).hasSize(4).doesNotHaveDuplicates()
        .filteredOn(a -> a.startsWith(front)).hasSize(2).allMatch(a -> a.matches(".* 10\\.5\\.0\\.\\d+/24"));
    await().atMost(WAIT).until(() -> daemon.ok("service", "ls").out().contains("2/2"));

    daemon.refused("network front is in use by service web", "network", "rm", "front");
    daemon.refused("in use by service web", "network", "rm", "ingress");
    daemon.refused("port '8080/tcp' is already in use by service 'web'", "service", "create", "--name", "other",
        "-p", "8080:80", "busybox:test", "sleep", "3600");
    daemon.refused("port published with ingress mode can't be used with dnsrr mode", "service", "create", "--name",
        "rr", "--endpoint-mode", "dnsrr", "-p", "9090:80", "busybox:test", "sleep", "3600");

    daemon.ok("service", "update", "--network-rm", "front", "--detach", "web");
    await().atMost(WAIT).until(() -> {
      JsonNode w = inspect("service", "inspect", "web");
      return w.path("Endpoint").path("VirtualIPs").size() == 1;
    });
    daemon.ok("service", "rm", "web");
    assertThat(daemon.ok("network", "rm", "front").out().strip()).isEqualTo("front");
  }

  @Test
  void dockersNetworksApiAnswersDockersJson() throws Exception {
    RawHttp.Response created = RawHttp.json(daemon.socket, "POST", "/v1.41/networks/create",
        "{\"Name\":\"dnet\",\"Driver\":\"overlay\",\"CheckDuplicate\":true,\"Attachable\":true,"
            + "\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"10.20.0.0/24\",\"Gateway\":\"10.20.0.254\"}]},"
            + "\"Labels\":{\"k\":\"v\"},\"Internal\":false,\"EnableIPv6\":false,\"Options\":{}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = Json.read(created.body(), JsonNode.class).path("Id").asText();

    RawHttp.Response got = RawHttp.json(daemon.socket, "GET", "/v1.41/networks/dnet", null);
    assertThat(got.status()).isEqualTo(200);
    JsonNode n = Json.read(got.body(), JsonNode.class);
    assertThat(n.path("Name").asText()).isEqualTo("dnet");
    assertThat(n.path("Id").asText()).isEqualTo(id);
    assertThat(n.path("Scope").asText()).isEqualTo("swarm");
    assertThat(n.path("Driver").asText()).isEqualTo("overlay");
    assertThat(n.path("Attachable").asBoolean()).isTrue();
    assertThat(n.path("Ingress").asBoolean()).isFalse();
    assertThat(n.path("IPAM").path("Driver").asText()).isEqualTo("default");
    assertThat(n.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.20.0.0/24");
    assertThat(n.path("IPAM").path("Config").get(0).path("Gateway").asText()).isEqualTo("10.20.0.254");
    assertThat(n.path("Options").path("com.docker.network.driver.overlay.vxlanid_list").asText()).matches("\\d+");
    assertThat(n.path("Containers").isObject()).isTrue();
    assertThat(n.path("Labels").path("k").asText()).isEqualTo("v");
    assertThat(n.path("Created").asText()).isNotEmpty();

    // A listing is streamed (chunked): read it with the API client.
    JsonNode list = daemon.api().get("/v1.41/networks");
    assertThat(list).extracting(x -> x.path("Name").asText()).contains("dnet", "ingress");

    RawHttp.Response bridge = RawHttp.json(daemon.socket, "POST", "/v1.41/networks/create",
        "{\"Name\":\"b\",\"Driver\":\"bridge\"}");
    assertThat(bridge.status()).isEqualTo(400);
    assertThat(bridge.message()).contains("network driver 'bridge' (--driver) is not supported");

    assertThat(RawHttp.json(daemon.socket, "DELETE", "/v1.41/networks/" + id, null).status()).isEqualTo(204);
    assertThat(RawHttp.json(daemon.socket, "GET", "/v1.41/networks/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void aFullNetworkLeavesTheTaskPendingWithTheErrorShownByServicePs() throws Exception {
    // A /29: .1 is the gateway, .2 the virtual IP, .3 to .6 go to four tasks; the fifth finds none.
    daemon.ok("network", "create", "--subnet", "10.7.0.0/29", "small");
    daemon.ok("service", "create", "--name", "full", "--replicas", "5", "--network", "small", "--detach",
        "--stop-grace-period", "1s", "busybox:test", "sleep", "3600");

    await().atMost(WAIT).untilAsserted(() -> {
      List<JsonNode> rows = daemon.ok("service", "ps", "full", "--no-trunc", "--format", "json").out().lines()
          .filter(l -> !l.isBlank()).map(l -> Json.read(l, JsonNode.class)).toList();
      assertThat(rows).hasSize(5);
      assertThat(rows).as(rows.toString())
          .filteredOn(r -> r.path("Error").asText().equals("\"no free address in network small\""))
          .singleElement().satisfies(r -> assertThat(r.path("CurrentState").asText()).startsWith("Pending"));
    });

    // Scaling down frees addresses; nothing waits any more.
    daemon.ok("service", "scale", "full=3", "--detach");
    await().atMost(WAIT).until(() -> daemon.ok("service", "ls").out().contains("3/3"));
  }
}
