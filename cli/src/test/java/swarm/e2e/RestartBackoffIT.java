package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.cli.client.Query;

/**
 * A task the runtime refuses (issue 14), on a real daemon: its slot is restarted with a growing wait instead of at
 * once, forever, and {@code service ps} says why and that it waits. Needs root and runc; skipped otherwise (and with
 * -Dswarm.it.skip=true).
 */
class RestartBackoffIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String NO_USER = "unable to find user nosuchuser";
  private TestDaemon daemon;

  @BeforeEach
  void startSwarm() throws Exception {
    daemon = TestDaemon.startSwarmWithBusyboxOrSkip();
    // Keep every task, so the API counts all that were ever created (by default the reaper keeps 5 a slot).
    daemon.ok("update", "--task-history-limit", "1000");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  private List<JsonNode> tasks() {
    List<JsonNode> all = new ArrayList<>();
    daemon.api().get(Query.path("/tasks").filters(Map.of("service", List.of("bad"))).toString()).forEach(all::add);
    return all;
  }

  @Test
  void aTaskWhoseUserDoesNotExistIsRestartedWithAGrowingWaitAndPsSaysWhy() throws Exception {
    daemon.ok("service", "create", "--detach", "--name", "bad", "-u", "nosuchuser", "--restart-delay", "1s",
        "busybox:test", "sleep", "100");

    // The slot is still restarted (after 1 s, then 2 s, ...), and each task is refused with the reason.
    await().atMost(WAIT).until(() -> tasks().size() >= 3);
    assertThat(tasks()).filteredOn(t -> t.path("Status").path("State").asText().equals("rejected"))
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.path("Status").path("Err").asText()).startsWith(NO_USER));
    // Without the backoff this slot made dozens of tasks a second (54 in these 5 s on a loaded 2-core machine).
    // With it, 8 tasks take 1+2+...+64 = 127 s of waits, beyond this test's own length even on a slow machine (a
    // slow machine only makes fewer): the bound cannot flake.
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> tasks().size() <= 7);

    // service ps: the refusals with their reason, and the slot's current task waiting for its restart.
    await().atMost(WAIT).untilAsserted(() -> {
      String ps = daemon.ok("service", "ps", "--no-trunc", "bad").out();
      assertThat(ps).contains("Rejected").contains(NO_USER + ": no matching entries in the image's passwd file");
      assertThat(ps.lines().filter(l -> l.contains(" bad.1 ") && !l.contains("\\_")).findFirst().orElse(""))
          .as("the slot's current task in\n%s", ps).contains("Rejected").contains("(restart in ");
    });
  }
}
