package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ServiceSpec;

/** {@code service inspect --pretty}: the update status and the update and rollback configs, laid out as docker's. */
class ServiceSummaryTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

  private static JsonNode service(ServiceSpec spec, UpdateStatus status) {
    ObjectNode s = Json.MAPPER.createObjectNode().put("ID", "svc1");
    s.set("Spec", Json.MAPPER.valueToTree(spec));
    if (status != null) {
      s.set("UpdateStatus", Json.MAPPER.valueToTree(status));
    }
    return s;
  }

  @Test
  void showsTheLastUpdateAndBothConfigs() {
    ServiceSpec spec = ServiceFlags.webSpec("--update-parallelism", "2", "--update-delay", "10s",
        "--update-failure-action", "rollback", "--update-max-failure-ratio", "0.2", "--update-order", "start-first",
        "--rollback-monitor", "0s");
    UpdateStatus status = new UpdateStatus(UpdateStatus.State.ROLLBACK_COMPLETED, NOW.minusSeconds(50),
        NOW.minusSeconds(3), "rollback completed");

    String pretty = ServiceSummary.of(service(spec, status), NOW);

    assertThat(pretty).contains(String.join(System.lineSeparator(),
        " Replicas:          1",
        "UpdateStatus:",
        " State:             rollback_completed",
        " Started:           50 seconds ago",
        " Completed:         3 seconds ago",
        " Message:           rollback completed",
        ""));
    assertThat(pretty).contains(String.join(System.lineSeparator(),
        "UpdateConfig:",
        " Parallelism:       2",
        " Delay:             10s",
        " On failure:        rollback",
        " Monitoring Period: 5s",
        " Max failure ratio: 0.2",
        " Update order:      start-first",
        "RollbackConfig:",
        " Parallelism:       1",
        " On failure:        pause",
        " Max failure ratio: 0",
        " Rollback order:    stop-first",
        "ContainerSpec:"));
  }

  @Test
  void aServiceNeverUpdatedHasNoUpdateStatusBlock() {
    assertThat(ServiceSummary.of(service(ServiceFlags.webSpec(), null), NOW)).doesNotContain("UpdateStatus")
        .contains("UpdateConfig:", "RollbackConfig:");
  }
}
