package swarm.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

class TaskTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Task pending() {
    return new Task("t1", null, T0, T0, "s1", "web", 1L, null, null, null, null,
        TaskStatus.of(TaskState.PENDING, T0, "pending"), TaskState.RUNNING, null);
  }

  @Test
  void aTaskRemembersWhenItReachedRunningAfterItStops() {
    Task t = pending().withStatus(TaskStatus.of(TaskState.STARTING, T0.plusSeconds(1), "starting"));
    assertThat(t.runningSince()).isNull();

    t = t.withStatus(TaskStatus.of(TaskState.RUNNING, T0.plusSeconds(2), "started"));
    t = t.withStatus(TaskStatus.of(TaskState.RUNNING, T0.plusSeconds(9), "started")); // a health report
    t = t.withStatus(TaskStatus.of(TaskState.FAILED, T0.plusSeconds(30), "started"));

    assertThat(t.runningSince()).isEqualTo(T0.plusSeconds(2));
    assertThat(Json.read(Json.toBytes(t), Task.class)).isEqualTo(t);
  }

  @Test
  void aTaskThatNeverRanHasNoRunningTime() {
    Task t = pending().withStatus(TaskStatus.of(TaskState.REJECTED, T0.plusSeconds(1), "preparing"));

    assertThat(t.runningSince()).isNull();
  }
}
