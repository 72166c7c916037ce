package swarm.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.TaskState;
import swarm.core.spec.Resources;
import swarm.manager.state.ClusterState;

class SchedulerTest {
  private final Scheduler scheduler = new Scheduler();

  @Test
  void assignsAPendingTaskToTheReadyNode() {
    ClusterState s = state().readyNode("n1")
        .node("n2", Node.State.DOWN, Node.Availability.ACTIVE, Resources.NONE)
        .node("n3", Node.State.READY, Node.Availability.DRAIN, Resources.NONE)
        .service("s1", spec("web", 1)).task("t1", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0).build();

    assertThat(scheduler.reconcile(s, T0)).containsExactly(new StoreCommand.AssignTask("t1", "n1", T0));
  }

  @Test
  void aTaskThatFitsNowhereStaysPendingWithTheReason() {
    ClusterState s = state().readyNode("n1")
        .node("n2", Node.State.DOWN, Node.Availability.ACTIVE, Resources.NONE)
        .service("s1", spec("big", 1, new Resources(0L, 64L << 30, 0L)))
        .task("t1", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0).build();

    List<StoreCommand> commands = scheduler.reconcile(s, T0);

    assertThat(commands).singleElement().isInstanceOfSatisfying(StoreCommand.UpdateTaskStatus.class, u -> {
      assertThat(u.status().state()).isEqualTo(TaskState.PENDING);
      assertThat(u.status().message())
          .isEqualTo("no suitable node (1 node not available for new tasks; insufficient resources on 1 node)");
    });
    // Written once: the next pass sees the same reason and proposes nothing.
    assertThat(scheduler.reconcile(apply(s, commands), T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void reservationsOfTasksAlreadyOnANodeCount() {
    ClusterState s = state().node("n1", Node.State.READY, Node.Availability.ACTIVE, new Resources(0L, 3L << 30, 0L))
        .service("s1", spec("web", 2, new Resources(0L, 2L << 30, 0L)))
        .task("t1", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0)
        .task("t2", "s1", 2, TaskState.PENDING, TaskState.RUNNING, null, T0.plusSeconds(1)).build();

    List<StoreCommand> commands = scheduler.reconcile(s, T0);

    assertThat(commands).hasSize(2);
    assertThat(commands.get(0)).isEqualTo(new StoreCommand.AssignTask("t1", "n1", T0));
    assertThat(((StoreCommand.UpdateTaskStatus) commands.get(1)).status().message())
        .isEqualTo("no suitable node (insufficient resources on 1 node)");
  }

  @Test
  void spreadsTasksOfAServiceOverNodesWithTheFewest() {
    ClusterState s = state().readyNode("n1").readyNode("n2").readyNode("n3")
        .service("s1", spec("web", 6)).service("s0", spec("other", 1))
        .task("o1", "s0", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0)
        .task("w1", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n2", T0).build();
    for (int slot = 2; slot <= 6; slot++) {
      s = apply(s, new StoreCommand.CreateTask(new swarm.core.object.Task("w" + slot, null, T0.plusSeconds(slot),
          T0, "s1", "web", (long) slot, null, s.services().get("s1").spec().taskTemplate(), null, null,
          swarm.core.object.TaskStatus.of(TaskState.PENDING, T0, "pending"), null, null)));
    }

    ClusterState placed = apply(s, scheduler.reconcile(s, T0));

    Map<String, Long> webPerNode = placed.tasksOfService("s1").stream()
        .collect(Collectors.groupingBy(t -> t.nodeId(), Collectors.counting()));
    assertThat(webPerNode).containsEntry("n1", 2L).containsEntry("n2", 2L).containsEntry("n3", 2L);
  }
}
