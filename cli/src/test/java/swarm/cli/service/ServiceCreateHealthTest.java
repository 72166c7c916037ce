package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.core.error.SwarmException;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.HealthConfig;

class ServiceCreateHealthTest {
  @TempDir
  Path dir;

  private static HealthConfig healthOf(String... flags) {
    return ServiceFlags.webSpec(flags).taskTemplate().containerSpec().healthcheck();
  }

  @Test
  void healthFlagsBecomeDockersHealthConfigWithAShellTest() {
    HealthConfig hc = healthOf("--health-cmd", "wget -q -O- localhost || exit 1", "--health-interval", "2s",
        "--health-timeout", "500ms", "--health-retries", "5", "--health-start-period", "1m");
    assertThat(hc).isEqualTo(new HealthConfig(List.of("CMD-SHELL", "wget -q -O- localhost || exit 1"),
        2_000_000_000L, 500_000_000L, 60_000_000_000L, 5));
  }

  @Test
  void withoutHealthFlagsTheImagesCheckApplies() {
    assertThat(healthOf()).isNull();
  }

  @Test
  void tuningWithoutACommandKeepsTheImagesTest() {
    HealthConfig hc = healthOf("--health-interval", "5s");
    assertThat(hc.test()).isEmpty();
    assertThat(hc.interval()).isEqualTo(5_000_000_000L);
  }

  @Test
  void noHealthcheckDisablesTheImagesCheck() {
    assertThat(healthOf("--no-healthcheck")).isEqualTo(HealthConfig.none());
  }

  @Test
  void badValuesAreAllReported() {
    assertThatThrownBy(() -> healthOf("--health-interval", "soon", "--health-retries", "-1"))
        .isInstanceOf(SwarmException.class)
        .hasMessageContaining("--health-interval")
        .hasMessageContaining("invalid value '-1' for --health-retries");
  }

  @Test
  void noHealthcheckWithHealthFlagsIsOneError() {
    Cli.Result r = ServiceFlags.runWeb(dir, "--no-healthcheck", "--health-cmd", "true");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: --no-healthcheck conflicts with --health-* options" + System.lineSeparator());
  }

  @Test
  void psShowsTheHealthOfALiveTask() {
    Task running = ConvergenceTest.task("t1", 1, TaskState.RUNNING, TaskState.RUNNING, null, 7);
    Task healthy = running.withStatus(new swarm.core.object.TaskStatus(running.status().timestamp(),
        TaskState.RUNNING, "started", null,
        new ContainerStatus("t1", 4L, null, new Health(HealthStatus.HEALTHY, 0, List.of()))));
    Instant now = running.status().timestamp().plusSeconds(3);
    assertThat(TaskRows.rows(List.of(healthy), "web", Map.of(), false, now).get(0).get("CurrentState"))
        .isEqualTo("Running 3 seconds ago (healthy)");
    assertThat(TaskRows.rows(List.of(running), "web", Map.of(), false, now).get(0).get("CurrentState"))
        .isEqualTo("Running 3 seconds ago");
  }

  @Test
  void psShowsTheFailingStreakOfALiveTaskWhileItCounts() {
    Task running = ConvergenceTest.task("t1", 1, TaskState.RUNNING, TaskState.RUNNING, null, 7);
    Task failing = running.withStatus(new swarm.core.object.TaskStatus(running.status().timestamp(),
        TaskState.RUNNING, "started", null,
        new ContainerStatus("t1", 4L, null, new Health(HealthStatus.HEALTHY, 2, List.of()))));
    Instant now = running.status().timestamp().plusSeconds(3);
    assertThat(TaskRows.rows(List.of(failing), "web", Map.of(), false, now).get(0).get("CurrentState"))
        .isEqualTo("Running 3 seconds ago (healthy, failing streak 2)");
    assertThat(TaskRows.health(failing.withStatus(new swarm.core.object.TaskStatus(running.status().timestamp(),
        TaskState.STARTING, "starting", null,
        new ContainerStatus("t1", 4L, null, new Health(HealthStatus.STARTING, 1, List.of()))))))
        .isEqualTo(" (health: starting, failing streak 1)");
  }
}
