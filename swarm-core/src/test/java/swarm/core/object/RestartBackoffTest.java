package swarm.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.TaskSpec;

class RestartBackoffTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static RestartPolicy delay(Duration d) {
    return new RestartPolicy(null, d.toNanos(), null, null);
  }

  private static Task task(TaskState state, ContainerStatus container, Instant createdAt, Instant statusAt) {
    TaskSpec spec = new TaskSpec(new ContainerSpec("busybox", List.of("true"), null, null, null, null, null, null,
        null), null, delay(Duration.ofSeconds(5)), null);
    return new Task("t1", null, createdAt, statusAt, "s1", "web", 1L, "n1", spec, null, null,
        new TaskStatus(statusAt, state, state.wire(), "err", container), TaskState.RUNNING, null);
  }

  @Test
  void theWaitDoublesFromTheDelayOrAHundredMillisecondsUpToTheCap() {
    assertThat(RestartBackoff.wait(delay(Duration.ofSeconds(5)), 0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(RestartBackoff.wait(delay(Duration.ofSeconds(5)), 3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(RestartBackoff.wait(delay(Duration.ofSeconds(5)), 6)).isEqualTo(Duration.ofMinutes(5));
    assertThat(RestartBackoff.wait(delay(Duration.ZERO), 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(RestartBackoff.wait(delay(Duration.ZERO), 4)).isEqualTo(Duration.ofMillis(1600));
    assertThat(RestartBackoff.wait(delay(Duration.ZERO), Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aDelayLongerThanTheCapIsKeptAsItIs() {
    assertThat(RestartBackoff.wait(delay(Duration.ofMinutes(10)), 0)).isEqualTo(Duration.ofMinutes(10));
    assertThat(RestartBackoff.wait(delay(Duration.ofMinutes(10)), 40)).isEqualTo(Duration.ofMinutes(10));
    assertThat(RestartBackoff.wait(new RestartPolicy(null, Long.MAX_VALUE, null, null), 40))
        .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void onlyTasksWhoseProcessNeverRanFailedBeforeRunning() {
    ContainerStatus noPid = new ContainerStatus("t1", null, null);
    ContainerStatus ran = new ContainerStatus("t1", 42L, 1);
    assertThat(RestartBackoff.failedBeforeRunning(task(TaskState.REJECTED, noPid, T0, T0))).isTrue();
    assertThat(RestartBackoff.failedBeforeRunning(task(TaskState.FAILED, noPid, T0, T0))).as("start failed").isTrue();
    assertThat(RestartBackoff.failedBeforeRunning(task(TaskState.FAILED, ran, T0, T0))).isFalse();
    assertThat(RestartBackoff.failedBeforeRunning(task(TaskState.COMPLETE, ran, T0, T0))).isFalse();
    assertThat(RestartBackoff.failedBeforeRunning(task(TaskState.ORPHANED, null, T0, T0))).as("node removed")
        .isFalse();
  }

  @Test
  void theWaitCountsFromTheFailureButNeverFromBeforeTheTaskWasCreated() {
    ContainerStatus noPid = new ContainerStatus("t1", null, null);
    assertThat(RestartBackoff.replaceAt(task(TaskState.REJECTED, noPid, T0, T0.plusSeconds(3))))
        .isEqualTo(T0.plusSeconds(8));
    assertThat(RestartBackoff.replaceAt(task(TaskState.REJECTED, noPid, T0, T0.minusSeconds(3600))))
        .as("a worker clock an hour behind").isEqualTo(T0.plusSeconds(5));
    assertThat(RestartBackoff.replaceAt(task(TaskState.REJECTED, noPid, T0, T0.plusSeconds(3)).withFailedStarts(2)))
        .isEqualTo(T0.plusSeconds(23));
  }
}
