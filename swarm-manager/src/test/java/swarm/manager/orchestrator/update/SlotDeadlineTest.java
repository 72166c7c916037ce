package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.orchestrator.update.UpdateHarness.IMAGE_2;
import static swarm.manager.orchestrator.update.UpdateHarness.config;
import static swarm.manager.orchestrator.update.UpdateHarness.withUpdateConfig;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;
import swarm.manager.orchestrator.Slots;
import swarm.manager.orchestrator.restart.RestartSupervisor;

/** Better than Swarm: a new task that never gets to RUNNING fails the update at a deadline, and says why. */
class SlotDeadlineTest {
  private static final Duration MONITOR = UpdateConfig.DEFAULT_MONITOR;
  private static final UpdateConfig STOP_FIRST = UpdateConfig.DEFAULT;
  private static final UpdateConfig START_FIRST =
      config(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, Order.START_FIRST);

  private static Task task(ServiceSpec spec, TaskState state, Instant at) {
    Service s = new Service("s1", null, T0, T0, spec, null);
    Task t = Slots.newTask(s, 1, TaskState.RUNNING, List.of(), T0);
    return t.withStatus(TaskStatus.of(state, at, state.wire()));
  }

  private static ServiceSpec withHealthCheck(HealthConfig hc) {
    ServiceSpec s = spec("web", 1);
    ContainerSpec c = s.taskTemplate().containerSpec();
    return s.withTaskTemplate(s.taskTemplate().withContainerSpec(new ContainerSpec(c.image(), c.command(), c.args(),
        c.env(), c.dir(), c.user(), c.hostname(), c.stopSignal(), c.stopGracePeriod(), hc, c.privileges())));
  }

  @Test
  void aStartFirstTaskHasMonitorPlusAnUnknownImageHealthCheckPlusGraceFromItsCreation() {
    Task t = task(spec("web", 1), TaskState.PENDING, T0);

    assertThat(SlotDeadline.of(t, List.of(t), START_FIRST))
        .isEqualTo(T0.plus(MONITOR).plus(Duration.ofSeconds(60)).plus(SlotDeadline.GRACE));
  }

  @Test
  void aHealthCheckIsAllowedItsStartPeriodAndOneProbe() {
    HealthConfig hc = new HealthConfig(List.of("CMD", "true"), Duration.ofSeconds(10).toNanos(),
        Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(30).toNanos(), 3);
    Task checked = task(withHealthCheck(hc), TaskState.STARTING, T0);
    Task unchecked = task(withHealthCheck(HealthConfig.none()), TaskState.STARTING, T0);

    assertThat(SlotDeadline.of(checked, List.of(checked), START_FIRST))
        .isEqualTo(T0.plus(MONITOR).plusSeconds(30 + 10 + 5).plus(SlotDeadline.GRACE));
    assertThat(SlotDeadline.of(unchecked, List.of(unchecked), START_FIRST))
        .isEqualTo(T0.plus(MONITOR).plus(SlotDeadline.GRACE));
  }

  @Test
  void aStopFirstTaskCountsFromWhenTheOldTaskStoppedAtMostAMinuteAfterItsCreation() {
    Task fresh = task(spec("web", 1), TaskState.ASSIGNED, T0);
    Task stopping = task(spec("web", 1), TaskState.RUNNING, T0.minusSeconds(600));
    Task old = new Task(stopping.id() + "-old", null, T0.minusSeconds(600), T0.minusSeconds(600), "s1", "web", 1L,
        "n1", stopping.spec(), null, null, stopping.status(), TaskState.SHUTDOWN, null);
    Task stopped = old.withStatus(TaskStatus.of(TaskState.SHUTDOWN, T0.plusSeconds(12), "shutdown"));

    assertThat(SlotDeadline.startAt(fresh, List.of(old, fresh), STOP_FIRST))
        .isEqualTo(T0.plus(RestartSupervisor.OLD_TASK_TIMEOUT));
    assertThat(SlotDeadline.startAt(fresh, List.of(stopped, fresh), STOP_FIRST)).isEqualTo(T0.plusSeconds(12));
    assertThat(SlotDeadline.startAt(fresh, List.of(old, fresh), START_FIRST)).isEqualTo(T0);
  }

  @Test
  void aNewTaskNoNodeCanTakeFailsAtItsDeadlineAndPausesTheUpdateWithTheReason() {
    UpdateHarness h = UpdateHarness.running(2, withUpdateConfig(spec("web", 1), START_FIRST));
    h.update(s -> s.withTaskTemplate(s.taskTemplate().withPlacement(
        new Placement(List.of("node.labels.zone==mars"), null, null))));
    Instant updated = h.clock.instant();
    h.settle();
    Task stuck = h.currentIn(1);
    Instant deadline = updated.plus(MONITOR).plus(SlotDeadline.IMAGE_HEALTH_CHECK).plus(SlotDeadline.GRACE);
    assertThat(h.updaterDeadline()).contains(deadline);

    h.advance(Duration.between(updated, deadline).minusMillis(1));
    assertThat(h.task(stuck.id()).state()).isEqualTo(TaskState.PENDING);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);

    h.advance(Duration.ofMillis(1));

    Task failed = h.task(stuck.id());
    assertThat(failed.state()).isEqualTo(TaskState.FAILED);
    assertThat(failed.status().err()).startsWith("update deadline exceeded: still pending 2m5s after it could start"
        + " (allowed: monitor 5s + health check 1m0s + grace 1m0s): no suitable node");
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(h.status().message()).isEqualTo("update paused: task web.1 (" + stuck.id() + ") failed: "
        + failed.status().err());
    assertThat(h.outdated()).as("start-first: the old task still serves").hasSize(1);
  }
}
