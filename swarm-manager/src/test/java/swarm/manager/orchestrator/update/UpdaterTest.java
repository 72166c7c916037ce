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
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.Privileges;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;

/** Rolling updates of a replicated service that go well: batches, order, delay, monitor period, completion. */
class UpdaterTest {
  private static final Duration MONITOR = UpdateConfig.DEFAULT_MONITOR;

  private static ServiceSpec web(int replicas, UpdateConfig update) {
    return withUpdateConfig(spec("web", replicas), update);
  }

  private static UpdateConfig parallelism(long n) {
    return config(n, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, Order.STOP_FIRST);
  }

  @Test
  void stopFirstReplacesOneSlotAtATimeByDefault() {
    UpdateHarness h = UpdateHarness.running(3, spec("web", 3));
    List<Task> before = h.tasks();

    h.updateImage(IMAGE_2);
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(h.current()).singleElement().satisfies(t -> {
      assertThat(t.slot()).isEqualTo(1);
      assertThat(t.desiredState()).isEqualTo(TaskState.READY); // held until the old task stopped
    });
    assertThat(h.task(before.get(0).id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(h.outdated()).extracting(Task::id).containsExactly(before.get(1).id(), before.get(2).id());

    for (long slot = 1; slot <= 3; slot++) {
      h.workersCatchUp();
      assertThat(h.currentIn(slot).state()).isEqualTo(TaskState.RUNNING);
      assertThat(h.tasks(t -> t.desiredState() == TaskState.READY || (t.desiredState() == TaskState.RUNNING
          && t.state() != TaskState.RUNNING))).as("in flight after slot %d ran", slot).hasSizeLessThanOrEqualTo(1);
    }
    assertThat(h.outdated()).isEmpty();
    assertThat(h.runnable()).hasSize(3);
  }

  @Test
  void theNewTaskStartsOnlyOnceTheOldOneStopped() {
    UpdateHarness h = UpdateHarness.running(1, spec("web", 1));
    Task old = h.tasks().get(0);

    h.updateImage(IMAGE_2);
    h.settle();
    h.settle();

    assertThat(h.currentIn(1).desiredState()).isEqualTo(TaskState.READY);
    assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);

    h.stopTold();

    assertThat(h.currentIn(1).desiredState()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void startFirstStartsTheNewTaskAndStopsTheOldOneOnlyOnceTheNewOneRuns() {
    UpdateHarness h = UpdateHarness.running(2, web(1, config(1, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0,
        Order.START_FIRST)));
    Task old = h.tasks().get(0);

    h.updateImage(IMAGE_2);
    h.settle();

    Task fresh = h.currentIn(1);
    assertThat(fresh.desiredState()).isEqualTo(TaskState.RUNNING);
    assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.RUNNING);

    h.report(fresh, TaskState.STARTING);
    h.settle();
    assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.RUNNING);

    h.report(h.task(fresh.id()), TaskState.RUNNING);
    h.settle();
    assertThat(h.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(h.runnable()).extracting(Task::id).containsExactly(fresh.id());
  }

  @Test
  void parallelismKeepsThatManySlotsInFlight() {
    UpdateHarness h = UpdateHarness.running(5, web(5, parallelism(2)));

    h.updateImage(IMAGE_2);
    h.settle();

    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L);

    h.stopTold();
    h.report(h.currentIn(1), TaskState.RUNNING);
    h.settle();

    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L, 3L);
    assertThat(h.outdated()).extracting(Task::slot).containsExactly(4L, 5L);
  }

  @Test
  void parallelismZeroReplacesEverySlotAtOnce() {
    UpdateHarness h = UpdateHarness.running(4, web(4, parallelism(0)));

    h.updateImage(IMAGE_2);
    h.settle();

    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L, 3L, 4L);
    assertThat(h.outdated()).isEmpty();
  }

  @Test
  void theNextSlotWaitsForTheDelayAfterTheLastOneRan() {
    Duration delay = Duration.ofSeconds(10);
    UpdateHarness h = UpdateHarness.running(2, web(2, config(1, delay, FailureAction.PAUSE, MONITOR, 0,
        Order.STOP_FIRST)));
    h.updateImage(IMAGE_2);
    h.settle();
    h.workersCatchUp();
    Instant ran = h.clock.instant();

    assertThat(h.current()).extracting(Task::slot).containsExactly(1L);
    assertThat(h.updaterDeadline()).contains(ran.plus(delay));

    h.advance(delay.minusMillis(1));
    assertThat(h.current()).extracting(Task::slot).containsExactly(1L);

    h.advance(Duration.ofMillis(1));
    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L);
  }

  @Test
  void theUpdateCompletesOnceItsLastTaskRanForTheMonitorPeriod() {
    UpdateHarness h = UpdateHarness.running(2, spec("web", 2));
    h.updateImage(IMAGE_2);
    h.settle();
    h.workersCatchUp();
    h.workersCatchUp();
    Instant lastRan = h.clock.instant();

    assertThat(h.outdated()).isEmpty();
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(h.updaterDeadline()).contains(lastRan.plus(MONITOR));

    h.advance(MONITOR.minusMillis(1));
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);

    h.advance(Duration.ofMillis(1));
    assertThat(h.status()).isEqualTo(new UpdateStatus(UpdateStatus.State.COMPLETED, h.status().startedAt(),
        lastRan.plus(MONITOR), "update completed"));
    assertThat(h.updaterDeadline()).isEmpty();
  }

  @Test
  void aReplicaChangeAloneReplacesNothing() {
    UpdateHarness h = UpdateHarness.running(3, spec("web", 2));
    List<String> before = h.tasks().stream().map(Task::id).toList();

    h.update(s -> s.withReplicas(3));
    h.settle();

    assertThat(h.status()).isNull();
    assertThat(h.runnable()).hasSize(3);
    assertThat(h.runnable()).extracting(Task::id).containsAll(before);
  }

  @Test
  void aForcedUpdateReplacesEveryTask() {
    UpdateHarness h = UpdateHarness.running(2, web(2, parallelism(0)));
    List<String> before = h.tasks().stream().map(Task::id).toList();

    h.force();
    h.settle();

    assertThat(h.current()).hasSize(2).extracting(Task::id).doesNotContainAnyElementsOf(before);
  }

  @Test
  void aNewPublishedPortReplacesTasks() {
    UpdateHarness h = UpdateHarness.running(2, web(2, parallelism(0)));

    h.update(s -> s.withEndpointSpec(new EndpointSpec(null, List.of(PortConfig.host(8080, 80,
        PortConfig.Protocol.TCP)))));
    h.settle();

    assertThat(h.current()).hasSize(2).allSatisfy(t -> assertThat(t.endpoint().ports()).hasSize(1));
    assertThat(h.outdated()).isEmpty();
  }

  @Test
  void aChangedSeccompSettingReplacesTasksAndAskingForTheDefaultReplacesNone() {
    UpdateHarness asBefore = UpdateHarness.running(2, web(2, parallelism(0)));
    asBefore.update(s -> s.withTaskTemplate(s.taskTemplate().withContainerSpec(s.taskTemplate().containerSpec()
        .withPrivileges(new Privileges(Privileges.Seccomp.of(Privileges.Mode.DEFAULT))))));
    asBefore.settle();
    assertThat(asBefore.outdated()).isEmpty();
    assertThat(asBefore.status()).isNull();

    UpdateHarness unconfined = UpdateHarness.running(2, web(2, parallelism(0)));
    unconfined.update(s -> s.withTaskTemplate(s.taskTemplate().withContainerSpec(s.taskTemplate().containerSpec()
        .withPrivileges(new Privileges(Privileges.Seccomp.of(Privileges.Mode.UNCONFINED))))));
    unconfined.settle();
    assertThat(unconfined.current()).hasSize(2);
    assertThat(unconfined.outdated()).isEmpty();
  }

  @Test
  void aSlotAddedDuringTheUpdateIsMadeWithTheNewSpecAndWatched() {
    UpdateHarness h = UpdateHarness.running(3, spec("web", 1));
    h.updateImage(IMAGE_2);
    h.update(s -> s.withReplicas(2));
    h.settle();

    // The new slot's task is the update's too: it takes the one place (parallelism 1) until it runs.
    assertThat(h.current()).extracting(Task::slot).containsExactly(2L);
    assertThat(h.outdated()).extracting(Task::slot).containsExactly(1L);

    h.workersCatchUp();
    assertThat(h.current()).extracting(Task::slot).containsExactly(1L, 2L);
    h.workersCatchUp();
    assertThat(h.outdated()).isEmpty();
    h.advance(MONITOR.minusMillis(1));
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.UPDATING);
    h.advance(MONITOR);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);
  }
}
