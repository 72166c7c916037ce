package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.orchestrator.update.UpdateHarness.IMAGE_2;
import static swarm.manager.orchestrator.update.UpdateHarness.config;
import static swarm.manager.orchestrator.update.UpdateHarness.withUpdateConfig;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;

/**
 * A new leader (fresh controller instances on the same log) carries on an update where the old one left it: the
 * progress is in the Raft state, not in a controller.
 */
class UpdateFailoverTest {
  private static final Duration MONITOR = UpdateConfig.DEFAULT_MONITOR;
  private static final Duration DELAY = Duration.ofSeconds(10);

  private static UpdateHarness updating(int replicas) {
    UpdateHarness h = UpdateHarness.running(replicas, withUpdateConfig(spec("web", replicas),
        config(1, DELAY, FailureAction.PAUSE, MONITOR, 0, Order.STOP_FIRST)));
    h.updateImage(IMAGE_2);
    h.settle();
    return h;
  }

  @Test
  void aNewLeaderCarriesOnWithoutRedoingFinishedSlotsNorCuttingTheDelay() {
    UpdateHarness h = updating(4);
    h.workersCatchUp(); // slot 1 runs
    h.advance(DELAY);
    h.workersCatchUp(); // slot 2 runs
    Instant slot2Ran = h.clock.instant();
    List<Task> before = h.tasks();
    List<Task> slots1And2 = h.tasks(t -> t.slot() <= 2);
    h.advance(DELAY.dividedBy(2));

    h.failover();
    h.settle();

    assertThat(h.tasks()).as("nothing redone, nothing started before the delay is over").isEqualTo(before);
    assertThat(h.updaterDeadline()).contains(slot2Ran.plus(DELAY));

    h.advance(DELAY.dividedBy(2));

    assertThat(h.tasks(t -> t.slot() <= 2)).isEqualTo(slots1And2);
    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L, 3L);
    assertThat(h.outdated()).extracting(Task::slot).containsExactly(4L);
  }

  @Test
  void aNewLeaderKnowsATaskRanPastItsMonitorPeriodBeforeItFailed() {
    UpdateHarness h = updating(2);
    h.workersCatchUp(); // slot 1 runs
    Task fresh = h.currentIn(1);
    h.advance(MONITOR.plusSeconds(1));
    h.fail(h.task(fresh.id()), "exit code 1");

    h.failover();
    h.settle();

    assertThat(h.task(fresh.id()).state()).isEqualTo(TaskState.FAILED);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
  }

  @Test
  void aNewLeaderCompletesTheUpdateWhenTheMonitorPeriodOfTheLastTaskEnds() {
    UpdateHarness h = UpdateHarness.running(1, spec("web", 1));
    h.updateImage(IMAGE_2);
    h.settle();
    h.workersCatchUp();
    Instant ran = h.clock.instant();
    h.advance(MONITOR.minusSeconds(2));

    h.failover();
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(h.updaterDeadline()).contains(ran.plus(MONITOR));
    h.advance(Duration.ofSeconds(2));
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);
  }
}
