package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.ok;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code swarm service logs} on a manager gathers the lines of tasks on every host, in time order, and names a host
 * that is gone instead of hanging. One manager and two workers; the tests run in order on one swarm.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceLogsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(3);

  /** The node hostname of a prefixed line {@code echo.1.abc@host    | text}. */
  private static String nodeOf(String line) {
    String prefix = line.substring(0, line.indexOf(" | ")).strip();
    return prefix.substring(prefix.indexOf('@') + 1);
  }

  @Test
  @Order(1)
  void aManagerShowsTheLinesOfTasksOnEveryHostInTimeOrder() throws Exception {
    Host h1 = testbed.host(1);
    init(h1);
    join(testbed.host(2), h1, "worker");
    join(testbed.host(3), h1, "worker");
    importBusybox(testbed, "busybox:test");
    awaitReadyNodes(h1, 3);

    ok(h1, "service", "create", "--name", "echo", "--replicas", "3", "--replicas-max-per-node", "1",
        "--stop-grace-period", "1s", "busybox:test", "sh", "-c",
        "for i in 1 2 3; do echo \"$(hostname) line $i\"; sleep 1; done; sleep 3600");
    Set<String> hosts = testbed.hosts().stream().map(Host::namespace).collect(Collectors.toSet());

    await().atMost(WAIT).untilAsserted(() -> {
      SwarmCommand.Result r = ok(h1, "service", "logs", "--timestamps", "echo");
      List<String> lines = r.out().lines().filter(l -> l.contains(" | ")).toList();
      assertThat(lines).hasSize(9);
      assertThat(lines.stream().map(l -> nodeOf(l.substring(l.indexOf(' ') + 1))).collect(Collectors.toSet()))
          .isEqualTo(hosts);
      List<Instant> times = lines.stream().map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
      assertThat(times).isSorted();
      assertThat(r.err()).isEmpty();
    });

    SwarmCommand.Result tail = ok(h1, "service", "logs", "--tail", "1", "echo");
    assertThat(tail.out().lines().filter(l -> l.contains(" | ")).toList())
        .hasSize(3).allMatch(l -> l.endsWith("line 3"));
    // Every line was written before now (the wait above saw all of them).
    SwarmCommand.Result since = ok(h1, "service", "logs", "--since", Instant.now().toString(), "echo");
    assertThat(since.out().lines().filter(l -> l.contains(" | "))).isEmpty();
  }

  @Test
  @Order(2)
  void aHostThatIsGoneIsNamedInsteadOfWaitedFor() throws Exception {
    Host h1 = testbed.host(1);
    Host gone = testbed.host(3);
    gone.kill9();

    long start = System.nanoTime();
    SwarmCommand.Result r = ok(h1, "service", "logs", "echo");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(r.err()).contains("are unavailable: ");
    assertThat(r.out().lines().filter(l -> l.contains(" | ")).map(ServiceLogsIT::nodeOf).collect(Collectors.toSet()))
        .doesNotContain(gone.namespace()).contains(testbed.host(1).namespace(), testbed.host(2).namespace());
  }
}
