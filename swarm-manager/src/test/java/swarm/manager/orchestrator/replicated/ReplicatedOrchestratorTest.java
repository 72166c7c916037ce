package swarm.manager.orchestrator.replicated;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.RestartPolicy;
import swarm.manager.state.ClusterState;

class ReplicatedOrchestratorTest {
  private final ReplicatedOrchestrator orchestrator = new ReplicatedOrchestrator();

  private static List<Long> createdSlots(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.CreateTask)
        .map(c -> ((StoreCommand.CreateTask) c).task().slot()).toList();
  }

  private static List<String> removedTaskIds(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.SetDesiredState s && s.desiredState() == TaskState.REMOVE)
        .map(c -> ((StoreCommand.SetDesiredState) c).taskId()).toList();
  }

  @Test
  void newServiceGetsOnePendingTaskPerSlot() {
    ClusterState s = state().service("s1", spec("web", 3)).build();

    List<StoreCommand> commands = orchestrator.reconcile(s, T0);

    assertThat(createdSlots(commands)).containsExactly(1L, 2L, 3L);
    Task t = ((StoreCommand.CreateTask) commands.get(0)).task();
    assertThat(t.state()).isEqualTo(TaskState.PENDING);
    assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
    assertThat(t.serviceName()).isEqualTo("web");
    assertThat(t.spec()).isEqualTo(s.services().get("s1").spec().taskTemplate());
    assertThat(t.specVersion()).isEqualTo(s.services().get("s1").version());
  }

  @Test
  void aConvergedServiceProposesNothing() {
    ClusterState s = state().service("s1", spec("web", 3)).build();
    ClusterState after = apply(s, orchestrator.reconcile(s, T0));

    assertThat(orchestrator.reconcile(after, T0)).isEmpty();
  }

  @Test
  void scaleUpFillsTheFreeSlots() {
    ClusterState s = state().service("s1", spec("web", 4))
        .task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1")
        .task("s1", 3, TaskState.RUNNING, TaskState.RUNNING, "n1").build();

    assertThat(createdSlots(orchestrator.reconcile(s, T0))).containsExactly(2L, 4L);
  }

  @Test
  void scaleDownRemovesTheHighestSlots() {
    ClusterState s = state().service("s1", spec("web", 2))
        .task("a", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0)
        .task("b", "s1", 2, TaskState.RUNNING, TaskState.RUNNING, "n1", T0)
        .task("c", "s1", 3, TaskState.RUNNING, TaskState.RUNNING, "n1", T0)
        .task("d", "s1", 4, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();

    assertThat(removedTaskIds(orchestrator.reconcile(s, T0))).containsExactlyInAnyOrder("c", "d");
  }

  @Test
  void scaleDownPrefersSlotsThatAreNotRunning() {
    ClusterState s = state().service("s1", spec("web", 2))
        .task("a", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0)
        .task("b", "s1", 2, TaskState.RUNNING, TaskState.RUNNING, "n1", T0)
        .task("c", "s1", 3, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();

    assertThat(removedTaskIds(orchestrator.reconcile(s, T0))).containsExactly("a");
  }

  @Test
  void removedServiceTasksAreDesiredRemove() {
    ClusterState s = state().service("s1", spec("web", 2))
        .task("a", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0)
        .task("b", "s1", 2, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();
    ClusterState removed = apply(s, new StoreCommand.RemoveService("s1"));

    assertThat(removedTaskIds(orchestrator.reconcile(removed, T0))).containsExactly("a", "b");
  }

  @Test
  void aSlotWhoseTaskCompletedWithoutRestartIsNotRefilled() {
    ClusterState s = state().service("s1", spec("job", 1, new RestartPolicy(RestartPolicy.Condition.NONE, null, null,
            null)))
        .task("a", "s1", 1, TaskState.COMPLETE, TaskState.SHUTDOWN, "n1", T0).build();

    assertThat(orchestrator.reconcile(s, T0)).isEmpty();
  }

  @Test
  void aSlotWhoseTaskOfTheCurrentSpecWasToldToStopIsRefilled() {
    // An old task a rolling update stopped, current again after a rollback, its newer task gone for good.
    ClusterState s = state().service("s1", spec("web", 1, new RestartPolicy(RestartPolicy.Condition.NONE, null, null,
            null)))
        .task("a", "s1", 1, TaskState.SHUTDOWN, TaskState.SHUTDOWN, "n1", T0).build();

    assertThat(createdSlots(orchestrator.reconcile(s, T0))).containsExactly(1L);
  }

  @Test
  void aServiceCommittedWithMoreReplicasThanTheHeapHoldsGetsOnlyTheTasksThatFit() {
    // As a spec committed before the control API refused it: the orchestrator must not try to make a billion.
    ClusterState s = state().service("s1", spec("web", 1_000_000_000L)).build();
    ReplicatedOrchestrator small = new ReplicatedOrchestrator(
        new swarm.manager.state.TaskBudget(50 * swarm.manager.state.TaskBudget.costOfTask(spec("web", 1_000_000_000L))));

    List<StoreCommand> commands = small.reconcile(s, T0);

    assertThat(createdSlots(commands)).hasSize(50);
    assertThat(small.reconcile(apply(s, commands), T0)).isEmpty();
  }

  @Test
  void tasksThatExistAreNotRemovedWhenTheBudgetShrinks() {
    ClusterState s = state().service("s1", spec("web", 3))
        .task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1")
        .task("s1", 2, TaskState.RUNNING, TaskState.RUNNING, "n1")
        .task("s1", 3, TaskState.RUNNING, TaskState.RUNNING, "n1").build();
    ReplicatedOrchestrator small = new ReplicatedOrchestrator(
        new swarm.manager.state.TaskBudget(swarm.manager.state.TaskBudget.costOfTask(spec("web", 3))));

    assertThat(small.reconcile(s, T0)).isEmpty();
  }
}
