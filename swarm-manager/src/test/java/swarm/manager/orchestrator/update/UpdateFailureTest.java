package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.orchestrator.update.UpdateHarness.IMAGE_2;
import static swarm.manager.orchestrator.update.UpdateHarness.config;
import static swarm.manager.orchestrator.update.UpdateHarness.withUpdateConfig;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;

/** What a failing new task does to an update: the monitor period, the failure ratio and each failure action. */
class UpdateFailureTest {
  private static final Duration MONITOR = UpdateConfig.DEFAULT_MONITOR;

  private static UpdateHarness updating(int replicas, long parallelism, FailureAction action, double ratio) {
    UpdateHarness h = UpdateHarness.running(replicas, withUpdateConfig(spec("web", replicas),
        config(parallelism, Duration.ZERO, action, MONITOR, ratio, Order.STOP_FIRST)));
    h.updateImage(IMAGE_2);
    h.settle();
    h.stopTold();
    return h;
  }

  /** The new task of {@code slot} is observed RUNNING now. */
  private static Task runs(UpdateHarness h, long slot) {
    Task t = h.currentIn(slot);
    h.report(t, TaskState.RUNNING);
    h.settle();
    return h.task(t.id());
  }

  @Test
  void aNewTaskThatFailsPausesTheUpdateAndTheStatusNamesItAndItsError() {
    UpdateHarness h = updating(3, 1, FailureAction.PAUSE, 0);
    List<String> oldOf2And3 = h.outdated().stream().map(Task::id).toList();
    Task fresh = h.currentIn(1);

    h.fail(fresh, "exec: \"nginx\": executable file not found");
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(h.status().message()).isEqualTo("update paused: task web.1 (" + fresh.id()
        + ") failed: exec: \"nginx\": executable file not found");
    assertThat(h.status().completedAt()).isNull();

    h.advance(Duration.ofMinutes(10));
    h.workersCatchUp();
    h.advance(Duration.ofMinutes(10));

    assertThat(h.outdated()).as("paused: nothing more is replaced").extracting(Task::id).isEqualTo(oldOf2And3);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(h.updaterDeadline()).isEmpty();
  }

  @Test
  void aFailureWithinTheMonitorPeriodAfterRunningCounts() {
    UpdateHarness h = updating(3, 1, FailureAction.PAUSE, 0);
    Task fresh = runs(h, 1);
    h.advance(MONITOR.minusSeconds(1));

    h.fail(h.task(fresh.id()), "exit code 1");
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
  }

  @Test
  void aFailureAfterTheMonitorPeriodDoesNotCount() {
    UpdateHarness h = updating(3, 1, FailureAction.PAUSE, 0);
    Task fresh = runs(h, 1);
    h.advance(MONITOR.plusSeconds(1));

    h.fail(h.task(fresh.id()), "exit code 1");
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(h.current()).extracting(Task::slot).contains(2L);
  }

  @Test
  void aTaskToldToStopIsNotAFailure() {
    UpdateHarness h = updating(2, 1, FailureAction.PAUSE, 0);
    Task fresh = h.currentIn(1);

    h.setAvailability(fresh.nodeId(), Node.Availability.DRAIN);
    h.settle();
    h.stopTold();

    assertThat(h.task(fresh.id()).state()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
  }

  @Test
  void failuresUpToTheMaxRatioAreToleratedAndOneMorePauses() {
    UpdateHarness h = updating(4, 0, FailureAction.PAUSE, 0.5);
    List<Task> fresh = h.current();
    assertThat(fresh).hasSize(4);

    h.fail(fresh.get(0), "exit code 1");
    h.fail(fresh.get(1), "exit code 1");
    h.settle();
    assertThat(h.status().state()).as("2 of 4 is not more than 0.5").isEqualTo(UpdateStatus.State.UPDATING);

    h.clock.advance(Duration.ofSeconds(1));
    h.fail(fresh.get(2), "exit code 1");
    h.settle();
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(h.status().message()).startsWith("update paused: task web.3 (" + fresh.get(2).id() + ") failed");
  }

  @Test
  void retriesOfAFailedSlotCountOnce() {
    UpdateHarness h = updating(4, 0, FailureAction.PAUSE, 0.25);
    Task fresh = h.currentIn(1);
    h.fail(fresh, "exit code 1");
    h.advance(Duration.ofSeconds(5)); // the restart delay: the slot's retry starts
    Task retry = h.currentIn(1);
    assertThat(retry.id()).isNotEqualTo(fresh.id());

    h.fail(retry, "exit code 1");
    h.settle();

    assertThat(h.status().state()).as("1 slot of 4 failed").isEqualTo(UpdateStatus.State.UPDATING);
  }

  @Test
  void continueCarriesOnAfterAFailureAndCompletes() {
    UpdateHarness h = updating(2, 1, FailureAction.CONTINUE, 0);

    h.fail(h.currentIn(1), "exit code 1");
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(h.outdated()).as("slot 2 is being replaced").isEmpty();

    h.workersCatchUp();
    h.advance(MONITOR);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);
  }

  @Test
  void aFailureRollsBackToThePreviousSpecWhichThenRunsWithItsRollbackConfig() {
    UpdateHarness h = updating(3, 1, FailureAction.ROLLBACK, 0);
    List<String> untouched = h.outdated().stream().map(Task::id).toList();
    Task fresh = h.currentIn(1);

    h.fail(fresh, "exit code 2");
    h.pass();

    assertThat(h.service().spec().taskTemplate().containerSpec().image()).isEqualTo("busybox");
    assertThat(h.service().previousSpec().taskTemplate().containerSpec().image()).isEqualTo(IMAGE_2);
    assertThat(h.status()).isEqualTo(new UpdateStatus(UpdateStatus.State.ROLLBACK_STARTED, h.clock.instant(), null,
        "update rolled back: task web.1 (" + fresh.id() + ") failed: exit code 2"));

    h.settle();
    h.workersCatchUp();
    h.advance(MONITOR);

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.ROLLBACK_COMPLETED);
    assertThat(h.status().message()).isEqualTo("rollback completed");
    assertThat(h.status().completedAt()).isEqualTo(h.clock.instant());
    assertThat(h.outdated()).isEmpty();
    assertThat(h.runnable()).hasSize(3).extracting(Task::id).containsAll(untouched);
  }

  @Test
  void aFailureDuringARollbackPausesItAndNeverRollsItBack() {
    UpdateHarness h = updating(2, 1, FailureAction.ROLLBACK, 0);
    Task fresh = h.currentIn(1);
    h.fail(fresh, "exit code 2");
    h.settle();
    h.stopTold();
    Task rollbackTask = h.currentIn(1);
    assertThat(rollbackTask.spec().containerSpec().image()).isEqualTo("busybox");

    h.fail(rollbackTask, "no space left on device");
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.ROLLBACK_PAUSED);
    assertThat(h.status().message()).isEqualTo("rollback paused: task web.1 (" + rollbackTask.id()
        + ") failed: no space left on device");
    assertThat(h.service().spec().taskTemplate().containerSpec().image()).isEqualTo("busybox");
  }
}
