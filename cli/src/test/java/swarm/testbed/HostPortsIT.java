package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.lines;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.runningByNode;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host-mode published ports ({@code --publish mode=host,published=P,target=T}) on real containers: each task
 * answers on its own node's address and on that node's 127.0.0.1, a node holds one task per host port (the
 * scheduler keeps the others PENDING with the reason), and removing the service takes the ports away. h1 is the
 * manager, h2 a worker; a task serves its hostname (its task id's first 12 characters) over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostPortsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SERVE_HOSTNAME =
      "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www";

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(2);

  private Host h1;
  private Host h2;

  @BeforeAll
  void formSwarm() throws Exception {
    h1 = testbed.host(1);
    h2 = testbed.host(2);
    init(h1);
    importBusybox(testbed, "busybox:test");
    join(h2, h1, "worker");
    awaitReadyNodes(h1, 2);
  }

  private List<JsonNode> tasks(String service) throws Exception {
    return lines(ok(h1, "service", "ps", service, "--no-trunc", "--format", "json").out());
  }

  /** What {@code http://ADDRESS:8080/} answers when fetched from {@code from}; null when nothing answers. */
  private static String fetch(Host from, String address) throws Exception {
    // timeout(1), not wget -T: busybox-static's wget crashes with -T.
    var r = from.exec("timeout", "5", "busybox", "wget", "-q", "-O", "-", "http://" + address + ":8080/");
    return r.ok() ? r.out().strip() : null;
  }

  @Test
  @Order(1)
  void eachTaskAnswersOnItsNodesPortFromOtherHostsAndFromItsOwn() throws Exception {
    ok(h1, "service", "create", "--name", "web", "--replicas", "2", "--publish", "mode=host,published=8080,target=80",
        "--stop-grace-period", "1s", "busybox:test", "sh", "-c", SERVE_HOSTNAME);

    assertThat(runningByNode(h1, "web")).containsOnlyKeys(h1.namespace(), h2.namespace());
    Set<String> taskIds = tasks("web").stream().map(t -> t.path("ID").asText()).collect(Collectors.toSet());
    await().atMost(WAIT).until(() -> fetch(h2, h1.ip()) != null && fetch(h1, h2.ip()) != null);
    String fromH1 = fetch(h2, h1.ip());
    String fromH2 = fetch(h1, h2.ip());
    assertThat(fromH1).isNotEqualTo(fromH2);
    assertThat(taskIds).anyMatch(id -> id.startsWith(fromH1)).anyMatch(id -> id.startsWith(fromH2));
    assertThat(fetch(h1, "127.0.0.1")).isEqualTo(fromH1);
    assertThat(fetch(h2, "127.0.0.1")).isEqualTo(fromH2);
    assertThat(tasks("web")).allMatch(t -> t.path("Ports").asText().equals("*:8080->80/tcp"));
  }

  @Test
  @Order(2)
  void aThirdTaskStaysPendingBecauseBothNodesHoldThePort() throws Exception {
    ok(h1, "service", "scale", "web=3", "--detach");

    await().atMost(WAIT).until(() -> tasks("web").stream()
        .anyMatch(t -> t.path("Error").asText().contains("host-mode port already in use on 2 nodes")));
    assertThat(runningByNode(h1, "web")).containsOnlyKeys(h1.namespace(), h2.namespace())
        .containsEntry(h1.namespace(), 1L).containsEntry(h2.namespace(), 1L);
  }

  @Test
  @Order(3)
  void removingTheServiceTakesThePortsAndNamespacesAway() throws Exception {
    ok(h1, "service", "rm", "web");

    await().atMost(WAIT).until(() -> fetch(h2, h1.ip()) == null && fetch(h1, h2.ip()) == null);
    for (Host h : testbed.hosts()) {
      await().atMost(WAIT).until(() -> namespaces(h).isEmpty());
      assertThat(h.exec("nft", "list", "table", "ip", "swarm_ports").out()).doesNotContain("dport 8080");
    }
  }

  private static List<Path> namespaces(Host h) throws Exception {
    Path dir = h.dataDir().resolve("network/netns");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
