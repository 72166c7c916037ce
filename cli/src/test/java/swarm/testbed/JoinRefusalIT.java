package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may not join, or talk to, a swarm: each refusal is one clear line, exit code 1, and leaves
 * the swarm as it was. h1 runs the swarm; h2 and h3 try to get in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JoinRefusalIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(3);

  private Host h1;
  private String workerToken;

  @BeforeAll
  void startSwarm() throws Exception {
    h1 = testbed.host(1);
    SwarmCli.ok(h1, "init", "--advertise-addr", h1.ip());
    workerToken = SwarmCli.ok(h1, "join-token", "-q", "worker").out().trim();
  }

  private void refused(Host h, String expected, String... args) throws Exception {
    String nodesBefore = SwarmCli.ok(h1, "node", "ls", "-q").out();
    SwarmCommand.Result r = h.cli(args);
    assertThat(r.code()).as("exit code of swarm %s on %s\n%s", String.join(" ", args), h, r.err()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> !l.isBlank()).toList()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(expected).doesNotContain("Exception");
    assertThat(SwarmCli.ok(h1, "node", "ls", "-q").out()).isEqualTo(nodesBefore);
  }

  private String[] join(Host h, String token) {
    return new String[] {"join", "--token", token, "--advertise-addr", h.ip(), h1.ip() + ":2377"};
  }

  @Test
  @Order(1)
  void joiningWithoutATokenIsRefused() throws Exception {
    refused(testbed.host(2), "--token", "join", "--advertise-addr", testbed.host(2).ip(), h1.ip() + ":2377");
  }

  @Test
  @Order(2)
  void aWrongSecretIsRefused() throws Exception {
    String wrong = workerToken.substring(0, workerToken.lastIndexOf('-') + 1) + "0123456789abcdefghijklmno";
    refused(testbed.host(2), "invalid join token", join(testbed.host(2), wrong));
  }

  @Test
  @Order(3)
  void aTokenRotatedAwayIsRefused() throws Exception {
    String old = SwarmCli.ok(h1, "join-token", "-q", "worker").out().trim();
    SwarmCli.ok(h1, "join-token", "--rotate", "worker");
    String current = SwarmCli.ok(h1, "join-token", "-q", "worker").out().trim();
    assertThat(current).isNotEqualTo(old);
    workerToken = current;
    refused(testbed.host(2), "invalid join token", join(testbed.host(2), old));
  }

  @Test
  @Order(4)
  void aManagerWhoseCaDoesNotMatchTheTokenIsNotTrusted() throws Exception {
    // The digest part names another CA: whoever answers at h1:2377 is not the swarm the token is for.
    String[] parts = workerToken.split("-");
    String otherCa = "SWMTKN-1-" + "1".repeat(parts[2].length()) + "-" + parts[3];
    refused(testbed.host(2), "does not match the join token", join(testbed.host(2), otherCa));
  }

  @Test
  @Order(5)
  void aCertificateFromAnotherSwarmsCaCannotUseTheClusterPort() throws Exception {
    Host other = testbed.host(3);
    SwarmCli.ok(other, "init", "--advertise-addr", other.ip()); // a swarm of its own, its own CA
    Path foreign = other.dataDir().resolve("certs");
    Path own = h1.dataDir().resolve("certs");

    SwarmCommand.Result withOwnCa = cliOver(other, own, "node", "ls", "-q");
    assertThat(withOwnCa.code()).as(withOwnCa.err()).isZero();
    assertThat(withOwnCa.out().lines().count()).isEqualTo(SwarmCli.ok(h1, "node", "ls", "-q").out().lines()
        .count());

    SwarmCommand.Result withForeignCert = cliOver(other, foreign, "node", "ls", "-q");
    assertThat(withForeignCert.code()).isEqualTo(1);
    assertThat(withForeignCert.err()).startsWith("error: ").doesNotContain("Exception");
  }

  /** The CLI inside {@code from}'s namespace, on h1's cluster port, with the TLS files in {@code certs}. */
  private SwarmCommand.Result cliOver(Host from, Path certs, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(SwarmCommand.javaCommand());
    cmd.addAll(List.of("-H", "tcp://" + h1.ip() + ":2377", "--tlscacert", certs.resolve("ca.crt").toString(),
        "--tlscert", certs.resolve("node.crt").toString(), "--tlskey", certs.resolve("node.key").toString()));
    cmd.addAll(List.of(args));
    return from.exec(cmd.toArray(String[]::new));
  }

  @Test
  @Order(7)
  void aRemovedNodeCannotComeBack() throws Exception {
    Host h2 = testbed.host(2);
    SwarmCli.ok(h2, "join", "--token", workerToken, "--advertise-addr", h2.ip(), h1.ip() + ":2377");
    await().atMost(WAIT).until(() -> SwarmCli.ok(h1, "node", "ls").out().contains(h2.namespace()));

    SwarmCli.ok(h1, "node", "rm", "--force", h2.namespace());
    h2.restart();

    await().during(Duration.ofSeconds(5)).atMost(WAIT)
        .until(() -> !SwarmCli.ok(h1, "node", "ls").out().contains(h2.namespace()));
  }

  @Test
  @Order(6)
  void aHostAlreadyInASwarmCannotJoinAnother() throws Exception {
    refused(h1, "already part of a swarm", join(h1, workerToken));
  }
}
