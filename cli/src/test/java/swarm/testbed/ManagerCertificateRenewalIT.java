package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.node;
import static swarm.testbed.SwarmCli.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A manager's renewed certificate is what Raft presents from then on, without a restart: h2 joins as a manager
 * with 30-second certificates ({@code swarm update --cert-expiry 30s} before it joins) and outlives its first ones;
 * then h1 restarts and must reconnect to h2, whose Raft server has run since before its first certificate expired.
 * Were that certificate still presented, the handshake would fail and the two could not form a quorum again.
 */
class ManagerCertificateRenewalIT {
  @RegisterExtension
  static Testbed testbed = Testbed.hosts(2);

  @Test
  void raftPresentsTheRenewedCertificateToConnectionsMadeAfterTheFirstOneExpired() throws Exception {
    Host h1 = testbed.host(1);
    Host h2 = testbed.host(2);
    init(h1);
    ok(h1, "update", "--cert-expiry", "30s");
    join(h2, h1, "manager");
    awaitReadyNodes(h1, 2);

    Path cert = h2.dataDir().resolve("certs/node.crt");
    Set<String> seen = new HashSet<>();
    seen.add(Files.readString(cert));
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      seen.add(Files.readString(cert));
      return seen.size() >= 3; // renewed twice: h2's first certificate has long expired
    });

    h1.kill9();
    h1.startDaemon();

    // A write needs both managers: h1's new Raft connections must accept what h2 presents now, and h2 h1's.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> h1.cli("node", "update", "--label-add", "after=renewal", h2.namespace()).ok());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(node(h1, h1).path("ManagerStatus").asText()).isIn("Reachable", "Leader"));
    assertThat(ok(h2, "node", "inspect", h2.namespace()).out()).contains("after");
  }
}
