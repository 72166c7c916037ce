package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.node;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.running;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Node certificates renew themselves before they expire, and a node keeps working across renewals:
 * a worker joined with 30-second certificates ({@code swarm update --cert-expiry 30s}; test swarms
 * allow so short a life) outlives several of them, its session and its containers untouched.
 */
class CertificateRenewalIT {
  @RegisterExtension
  static Testbed testbed = Testbed.hosts(2);

  @Test
  void aWorkerRenewsItsShortLivedCertificateAndKeepsRunningItsTasks() throws Exception {
    Host h1 = testbed.host(1);
    Host h2 = testbed.host(2);
    init(h1);
    ok(h1, "update", "--cert-expiry", "30s");
    join(h2, h1, "worker");
    importBusybox(testbed, "busybox:test");
    ok(h1, "service", "create", "--name", "web", "--replicas", "2", "--stop-grace-period", "1s", "busybox:test",
        "sleep", "3600");
    JsonNode container = h2.runningContainers().get(0);
    Path cert = h2.dataDir().resolve("certs/node.crt");

    Set<String> seen = new HashSet<>();
    seen.add(Files.readString(cert));
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      seen.add(Files.readString(cert));
      return seen.size() >= 3; // renewed twice: the first certificate has long expired by then
    });

    await().atMost(Duration.ofSeconds(30))
        .until(() -> node(h1, h2).path("Status").asText().equalsIgnoreCase("ready"));
    assertThat(h2.runningContainers()).extracting(c -> c.path("pid").asLong())
        .containsExactly(container.path("pid").asLong());
    assertThat(running(h1, "web")).isEqualTo(2);
  }
}
