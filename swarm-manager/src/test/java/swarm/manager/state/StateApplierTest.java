package swarm.manager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;

class StateApplierTest {
  private final ClusterState base = state().readyNode("n1").service("s1", spec("web", 1))
      .task("s1", 1, TaskState.PENDING, TaskState.RUNNING, null).build();

  private static Service newService(String id, String name) {
    return new Service(id, null, T0, T0, spec(name, 2), null);
  }

  @Test
  void createdServiceGetsTheEntryIndexAsVersionAndAChangeEvent() {
    StateApplier.Result r = StateApplier.apply(base, CommandBatch.of(new StoreCommand.CreateService(
        newService("s2", "api"))), 42);

    assertThat(r.result().isOk()).isTrue();
    assertThat(r.state().services().get("s2").version().index()).isEqualTo(42);
    assertThat(r.state().index()).isEqualTo(42);
    assertThat(r.changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(Change.Action.CREATED);
      assertThat(c.kind()).isEqualTo(Change.Kind.SERVICE);
      assertThat(c.before()).isNull();
      assertThat(c.after()).isEqualTo(r.state().services().get("s2"));
    });
  }

  @Test
  void duplicateServiceNameRefusesTheWholeBatch() {
    StateApplier.Result r = StateApplier.apply(base, new CommandBatch(List.of(
        new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0),
        new StoreCommand.CreateService(newService("s2", "web")))), 42);

    assertThat(r.result().isOk()).isFalse();
    assertThat(r.result().conflict()).isEqualTo("service name web is already in use");
    assertThat(r.changes()).isEmpty();
    assertThat(r.state().tasks()).isEqualTo(base.tasks());
    assertThat(r.state().services()).isEqualTo(base.services());
  }

  @Test
  void updateBasedOnAStaleVersionIsAConflict() {
    Service current = base.services().get("s1");
    StateApplier.Result r = StateApplier.apply(base, CommandBatch.of(new StoreCommand.UpdateService(
        current.withSpec(spec("web", 3), T0), current.version().index() - 1)), 42);

    assertThat(r.result().conflict()).startsWith("update out of sequence: service web is at version 5");
  }

  @Test
  void updateBasedOnTheCurrentVersionIsApplied() {
    Service current = base.services().get("s1");
    StateApplier.Result r = StateApplier.apply(base, CommandBatch.of(new StoreCommand.UpdateService(
        current.withSpec(spec("web", 3), T0), current.version().index())), 42);

    assertThat(r.result().isOk()).isTrue();
    assertThat(r.state().services().get("s1").spec().mode().replicated().replicas()).isEqualTo(3);
    assertThat(r.state().services().get("s1").previousSpec()).isEqualTo(current.spec());
  }

  @Test
  void updateOfAnUnknownServiceIsAConflict() {
    StateApplier.Result r = StateApplier.apply(base, CommandBatch.of(new StoreCommand.UpdateService(
        newService("nope", "x"), 3)), 42);

    assertThat(r.result().conflict()).isEqualTo("service nope not found");
  }

  @Test
  void taskStatusNeverMovesBackwards() {
    ClusterState running = StateApplier.apply(base, CommandBatch.of(new StoreCommand.UpdateTaskStatus("t1",
        TaskStatus.of(TaskState.RUNNING, T0, "started"))), 42).state();

    StateApplier.Result r = StateApplier.apply(running, CommandBatch.of(new StoreCommand.UpdateTaskStatus("t1",
        TaskStatus.of(TaskState.PREPARING, T0, "late report"))), 43);

    assertThat(r.result().isOk()).isTrue();
    assertThat(r.changes()).isEmpty();
    assertThat(r.state().tasks().get("t1").state()).isEqualTo(TaskState.RUNNING);
  }

  private static TaskStatus runningWith(HealthStatus health, int failingStreak, int probedSeconds, String output) {
    Instant probed = T0.plusSeconds(probedSeconds);
    return new TaskStatus(T0, TaskState.RUNNING, "started", null, new ContainerStatus("t1", 7L, null,
        new Health(health, failingStreak, List.of(new Health.Result(probed, probed.plusMillis(5), 1, output)))));
  }

  @Test
  void aRunningTaskWhoseHealthChangedIsUpdatedWhileItStaysRunning() {
    ClusterState healthy = StateApplier.apply(base, CommandBatch.of(new StoreCommand.UpdateTaskStatus("t1",
        runningWith(HealthStatus.HEALTHY, 0, 1, "ok"))), 42).state();

    StateApplier.Result r = StateApplier.apply(healthy, CommandBatch.of(new StoreCommand.UpdateTaskStatus("t1",
        runningWith(HealthStatus.HEALTHY, 2, 3, "connection refused"))), 43);

    Task t = r.state().tasks().get("t1");
    assertThat(r.changes()).singleElement().satisfies(c -> assertThat(c.after()).isEqualTo(t));
    assertThat(t.state()).isEqualTo(TaskState.RUNNING);
    assertThat(t.version().index()).isEqualTo(43);
    assertThat(t.status().containerStatus().health().failingStreak()).isEqualTo(2);
    assertThat(t.status().containerStatus().health().log()).last()
        .satisfies(p -> assertThat(p.output()).isEqualTo("connection refused"));
  }

  @Test
  void aRepeatedStateWithOlderProbesThanTheStoredOnesIsIgnored() {
    ClusterState failing = StateApplier.apply(base, CommandBatch.of(new StoreCommand.UpdateTaskStatus("t1",
        runningWith(HealthStatus.HEALTHY, 2, 3, "connection refused"))), 42).state();

    StateApplier.Result r = StateApplier.apply(failing, CommandBatch.of(new StoreCommand.UpdateTaskStatus("t1",
        runningWith(HealthStatus.HEALTHY, 1, 2, "sent again after a reconnect"))), 43);

    assertThat(r.changes()).isEmpty();
    assertThat(r.state().tasks().get("t1").status().containerStatus().health().failingStreak()).isEqualTo(2);
  }

  @Test
  void desiredStateOnlyMovesForward() {
    ClusterState shutdown = StateApplier.apply(base, CommandBatch.of(
        new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0)), 42).state();

    ClusterState after = StateApplier.apply(shutdown, CommandBatch.of(
        new StoreCommand.SetDesiredState("t1", TaskState.RUNNING, T0)), 43).state();

    assertThat(after.tasks().get("t1").desiredState()).isEqualTo(TaskState.SHUTDOWN);
  }

  @Test
  void aTaskIsAssignedOnlyOnce() {
    ClusterState first = StateApplier.apply(base, CommandBatch.of(new StoreCommand.AssignTask("t1", "n1", T0)), 42)
        .state();
    StateApplier.Result second = StateApplier.apply(first, CommandBatch.of(
        new StoreCommand.AssignTask("t1", "n2", T0)), 43);

    Task t = second.state().tasks().get("t1");
    assertThat(t.nodeId()).isEqualTo("n1");
    assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
    assertThat(t.status().message()).isEqualTo("scheduler assigned task to node");
    assertThat(t.version().index()).isEqualTo(42);
    assertThat(second.changes()).isEmpty();
  }

  @Test
  void monotonicCommandsOnMissingTasksAreNoOps() {
    StateApplier.Result r = StateApplier.apply(base, new CommandBatch(List.of(
        new StoreCommand.AssignTask("gone", "n1", T0), new StoreCommand.RemoveTask("gone"),
        new StoreCommand.SetDesiredState("gone", TaskState.REMOVE, T0))), 42);

    assertThat(r.result().isOk()).isTrue();
    assertThat(r.changes()).isEmpty();
  }

  @Test
  void aTaskOfAnUnknownServiceIsRefused() {
    Task orphan = base.tasks().get("t1");
    Task other = new Task("t9", null, T0, T0, "gone", "gone", 1L, null, orphan.spec(), null, orphan.specVersion(), null,
        null, null);

    assertThat(StateApplier.apply(base, CommandBatch.of(new StoreCommand.CreateTask(other)), 42).result().conflict())
        .isEqualTo("service gone not found (task t9)");
  }

  @Test
  void applyingIsDeterministic() {
    CommandBatch batch = new CommandBatch(List.of(new StoreCommand.CreateService(newService("s2", "api")),
        new StoreCommand.AssignTask("t1", "n1", T0)));

    assertThat(StateApplier.apply(base, batch, 42)).isEqualTo(StateApplier.apply(base, batch, 42));
  }
}
