package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.orchestrator.update.UpdateHarness.IMAGE_2;
import static swarm.manager.orchestrator.update.UpdateHarness.config;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;

/** {@code service rollback}: the previous spec comes back, and tasks that already run it are kept. */
class RollbackTest {
  private static final Duration MONITOR = UpdateConfig.DEFAULT_MONITOR;

  private static ServiceSpec web(int replicas, UpdateConfig update, UpdateConfig rollback) {
    return spec("web", replicas).withUpdateConfigs(update, rollback);
  }

  private static UpdateConfig stopFirst(long parallelism) {
    return config(parallelism, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, Order.STOP_FIRST);
  }

  private static UpdateConfig startFirst() {
    return config(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, Order.START_FIRST);
  }

  @Test
  void aRollbackLeavesTheTasksThatRunThePreviousSpecAlone() {
    UpdateHarness h = UpdateHarness.running(3, web(3, stopFirst(1), stopFirst(1)));
    Task oldOf3 = h.tasks().get(2);
    h.updateImage(IMAGE_2);
    h.settle();
    h.workersCatchUp(); // slot 1 runs the new spec, slot 2 is being replaced
    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L);

    h.rollback();
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.ROLLBACK_STARTED);
    assertThat(h.status().message()).isEqualTo("manually requested rollback");
    for (int i = 0; i < 3; i++) {
      h.workersCatchUp();
    }
    h.advance(MONITOR);

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.ROLLBACK_COMPLETED);
    assertThat(h.outdated()).isEmpty();
    assertThat(h.runnable()).hasSize(3).allSatisfy(t ->
        assertThat(t.spec().containerSpec().image()).isEqualTo("busybox"));
    assertThat(h.tasks(t -> t.slot() == 3)).as("slot 3 never stopped").extracting(Task::id)
        .containsExactly(oldOf3.id());
    assertThat(h.task(oldOf3.id()).desiredState()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void aStartFirstRollbackKeepsTheRunningOldTaskAndStopsTheNewOne() {
    UpdateHarness h = UpdateHarness.running(2, web(1, startFirst(), startFirst()));
    Task old = h.tasks().get(0);
    h.updateImage(IMAGE_2);
    h.settle();
    Task fresh = h.currentIn(1);
    h.report(fresh, TaskState.STARTING);

    h.rollback();
    h.settle();

    assertThat(h.task(fresh.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(h.runnable()).extracting(Task::id).containsExactly(old.id());

    h.stopTold();
    h.advance(MONITOR);
    assertThat(h.runnable()).extracting(Task::id).containsExactly(old.id());
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.ROLLBACK_COMPLETED);
  }

  @Test
  void aRollbackReplacesWithTheRollbackConfig() {
    UpdateHarness h = UpdateHarness.running(3, web(3, stopFirst(1), stopFirst(0)));
    h.updateImage(IMAGE_2);
    h.settle();
    for (int i = 0; i < 3; i++) {
      h.workersCatchUp();
    }
    h.advance(MONITOR);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);

    h.rollback();
    h.settle();

    assertThat(h.current()).as("rollback parallelism 0: every slot at once").hasSize(3)
        .allSatisfy(t -> assertThat(t.spec().containerSpec().image()).isEqualTo("busybox"));
  }

  @Test
  void aSlotWhoseNewTaskEndedForGoodRunsThePreviousSpecAgainAfterARollback() {
    RestartPolicy never = new RestartPolicy(RestartPolicy.Condition.NONE, null, null, null);
    ServiceSpec once = web(1, stopFirst(1), stopFirst(1));
    UpdateHarness h = UpdateHarness.running(1, once.withTaskTemplate(new TaskSpec(
        once.taskTemplate().containerSpec(), null, never, null)));
    h.updateImage(IMAGE_2);
    h.settle();
    h.stopTold();
    Task fresh = h.currentIn(1);
    h.report(fresh, new TaskStatus(h.clock.instant(), TaskState.COMPLETE, "finished", null, null));
    h.settle();
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(h.runnable()).as("restart condition none: nothing replaces it").isEmpty();

    h.rollback();
    h.settle();

    List<Task> runnable = h.runnable();
    assertThat(runnable).singleElement().satisfies(t -> {
      assertThat(t.spec().containerSpec().image()).isEqualTo("busybox");
      assertThat(t.slot()).isEqualTo(1);
    });
  }
}
