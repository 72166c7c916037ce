package swarm.manager.orchestrator.taskreaper;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.TaskState;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

class TaskReaperTest {
  private final TaskReaper reaper = new TaskReaper();

  private static List<String> deleted(List<StoreCommand> commands) {
    return commands.stream().map(c -> ((StoreCommand.RemoveTask) c).taskId()).toList();
  }

  @Test
  void keepsAtMostFiveTasksPerSlotDeletingTheOldestFinished() {
    StateBuilder b = state().service("s1", spec("web", 1));
    for (int i = 1; i <= 7; i++) {
      b.task("old" + i, "s1", 1, TaskState.FAILED, TaskState.SHUTDOWN, "n1", T0.plusSeconds(i));
    }
    b.task("current", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0.plusSeconds(100));

    assertThat(deleted(reaper.reconcile(b.build(), T0))).containsExactly("old1", "old2", "old3");
  }

  @Test
  void aNegativeHistoryLimitKeepsEverything() {
    StateBuilder b = state().historyLimit(-1).service("s1", spec("web", 1));
    for (int i = 1; i <= 7; i++) {
      b.task("old" + i, "s1", 1, TaskState.FAILED, TaskState.SHUTDOWN, "n1", T0.plusSeconds(i));
    }

    assertThat(reaper.reconcile(b.build(), T0)).isEmpty();
  }

  @Test
  void failedTasksStillAwaitingTheirRestartAreKept() {
    StateBuilder b = state().historyLimit(1).service("s1", spec("web", 1));
    b.task("failed", "s1", 1, TaskState.FAILED, TaskState.RUNNING, "n1", T0);
    b.task("other", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0.plusSeconds(1));

    assertThat(reaper.reconcile(b.build(), T0)).isEmpty();
  }

  @Test
  void removedTasksAreDeletedOnceStoppedOrNeverPlaced() {
    ClusterState s = state().service("s1", spec("web", 1))
        .task("stopped", "s1", 2, TaskState.SHUTDOWN, TaskState.REMOVE, "n1", T0)
        .task("unplaced", "s1", 3, TaskState.PENDING, TaskState.REMOVE, null, T0)
        .task("stopping", "s1", 4, TaskState.RUNNING, TaskState.REMOVE, "n1", T0).build();

    assertThat(deleted(reaper.reconcile(s, T0))).containsExactly("stopped", "unplaced");
  }

  @Test
  void tasksOfRemovedServicesAreDeletedOnceStopped() {
    ClusterState s = StateBuilder.apply(state().service("s1", spec("web", 2))
        .task("done", "s1", 1, TaskState.COMPLETE, TaskState.RUNNING, "n1", T0)
        .task("running", "s1", 2, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build(),
        new StoreCommand.RemoveService("s1"));

    assertThat(deleted(reaper.reconcile(s, T0))).containsExactly("done");
  }
}
