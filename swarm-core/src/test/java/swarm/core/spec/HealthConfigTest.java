package swarm.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;

class HealthConfigTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void usesDockerFieldNamesAndRoundTripsInsideTheContainerSpec() {
    HealthConfig hc = new HealthConfig(List.of("CMD-SHELL", "test -f /tmp/ok"), 2 * SECOND, SECOND, 0L, 3);
    ContainerSpec spec = new ContainerSpec("busybox", null, null, null, null, null, null, null, null, hc);
    String json = Json.toString(spec);
    assertThat(json).contains("\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"test -f /tmp/ok\"],\"Interval\":2000000000,"
        + "\"Timeout\":1000000000,\"StartPeriod\":0,\"Retries\":3}");
    assertThat(Json.read(json, ContainerSpec.class)).isEqualTo(spec);
  }

  @Test
  void containerSpecWrittenBeforeHealthChecksReadsWithoutOne() {
    ContainerSpec old = Json.read("{\"Image\":\"busybox\",\"Args\":[\"sleep\",\"1\"]}", ContainerSpec.class);
    assertThat(old.healthcheck()).isNull();
    assertThat(old).isEqualTo(new ContainerSpec("busybox", null, List.of("sleep", "1"), null, null, null, null, null, null));
  }

  @Test
  void unsetValuesFallBackToDockerDefaults() {
    HealthConfig hc = new HealthConfig(List.of("CMD", "true"), null, null, null, null);
    assertThat(hc.intervalOrDefault()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hc.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hc.startPeriodOrDefault()).isEqualTo(Duration.ZERO);
    assertThat(hc.retriesOrDefault()).isEqualTo(3);
  }

  @Test
  void probeCommandRunsCmdAsGivenAndCmdShellThroughSh() {
    assertThat(new HealthConfig(List.of("CMD", "test", "-f", "/x"), null, null, null, null).probeCommand())
        .containsExactly("test", "-f", "/x");
    assertThat(new HealthConfig(List.of("CMD-SHELL", "curl -f localhost || exit 1"), null, null, null, null)
        .probeCommand()).containsExactly("/bin/sh", "-c", "curl -f localhost || exit 1");
    assertThat(HealthConfig.none().probeCommand()).isEmpty();
    assertThat(HealthConfig.none().disabled()).isTrue();
  }

  @Test
  void serviceValuesOverrideTheImagesAndUnsetOnesInheritThem() {
    HealthConfig image = new HealthConfig(List.of("CMD", "check"), 10 * SECOND, 5 * SECOND, 3 * SECOND, 7);
    HealthConfig merged = new HealthConfig(List.of(), 2 * SECOND, null, null, null).over(image);
    assertThat(merged).isEqualTo(new HealthConfig(List.of("CMD", "check"), 2 * SECOND, 5 * SECOND, 3 * SECOND, 7));
    assertThat(HealthConfig.none().over(image).disabled()).isTrue();
  }

  @Test
  void validationCollectsEveryProblem() {
    HealthConfig bad = new HealthConfig(List.of("CMD-SHELL"), 5L, -1L, 10L, -2);
    assertThat(bad.validate()).containsExactly(
        "invalid healthcheck test: CMD-SHELL needs a command (--health-cmd)",
        "invalid healthcheck interval (--health-interval): must be at least 1ms, or 0 for the default",
        "invalid healthcheck timeout (--health-timeout): must be at least 1ms, or 0 for the default",
        "invalid healthcheck start period (--health-start-period): must be at least 1ms, or 0 for the default",
        "invalid healthcheck retries (--health-retries): must not be negative");
    assertThat(new HealthConfig(List.of("PING"), null, null, null, null).validate())
        .containsExactly("invalid healthcheck test 'PING': use CMD, CMD-SHELL or NONE");
    ContainerSpec spec = new ContainerSpec("busybox", null, null, null, null, null, null, null, null, bad);
    assertThat(spec.validate()).hasSize(5);
  }

  @Test
  void healthUsesDockerNamesAndLowercaseStatus() {
    Health h = new Health(HealthStatus.UNHEALTHY, 3, List.of(new Health.Result(Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:00:01Z"), 1, "no")));
    ContainerStatus cs = new ContainerStatus("c1", 42L, null, h);
    String json = Json.toString(cs);
    assertThat(json).contains("\"Health\":{\"Status\":\"unhealthy\",\"FailingStreak\":3,\"Log\":[{\"Start\":");
    assertThat(Json.read(json, ContainerStatus.class)).isEqualTo(cs);
    assertThat(Json.read("{\"ContainerID\":\"c1\",\"PID\":4}", ContainerStatus.class).health()).isNull();
  }
}
