package swarm.manager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;

/**
 * Node availability as Swarm defines it: {@code pause} takes no new tasks and keeps its own; {@code drain} takes
 * none and its tasks move elsewhere at once (no restart delay), each replacement starting once the drained task
 * stopped.
 */
class AvailabilityTest {
  private final List<Controller> controllers = List.of(new ReplicatedOrchestrator(), new RestartSupervisor(),
      new Scheduler());

  /** The leader's controllers until they have nothing more to do at {@code now}. */
  private ClusterState converge(ClusterState s, Instant now) {
    for (int pass = 0; pass < 10; pass++) {
      List<StoreCommand> all = new ArrayList<>();
      for (Controller c : controllers) {
        List<StoreCommand> commands = c.reconcile(s, now);
        s = commands.isEmpty() ? s : apply(s, commands);
        all.addAll(commands);
      }
      if (all.isEmpty()) {
        return s;
      }
    }
    throw new AssertionError("controllers did not converge");
  }

  private static ClusterState twoNodesOneTaskOnN1(Node.Availability n1) {
    return state().readyNode("n1").readyNode("n2").nodeSpec("n1", Node.Role.WORKER, n1)
        .service("s1", spec("web", 1)).task("t1", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();
  }

  private static List<Task> meantToRun(ClusterState s) {
    return s.tasks().values().stream().filter(t -> Slots.isRunnable(t)).toList();
  }

  @Test
  void aPausedNodeKeepsItsTasksButTakesNoNewOnes() {
    ClusterState s = converge(twoNodesOneTaskOnN1(Node.Availability.PAUSE), T0.plusSeconds(1));
    assertThat(meantToRun(s)).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo("t1"));

    ClusterState scaled = apply(s, new StoreCommand.UpdateService(
        s.services().get("s1").withSpec(spec("web", 3), T0), 5));
    scaled = converge(scaled, T0.plusSeconds(2));
    assertThat(meantToRun(scaled)).hasSize(3).filteredOn(t -> !t.id().equals("t1"))
        .allSatisfy(t -> assertThat(t.nodeId()).isEqualTo("n2"));
  }

  @Test
  void aDrainedNodesTaskIsReplacedElsewhereWithoutTheRestartDelay() {
    Instant drainedAt = T0.plusSeconds(30);
    ClusterState s = converge(twoNodesOneTaskOnN1(Node.Availability.DRAIN), drainedAt);

    Task old = s.tasks().get("t1");
    assertThat(old.desiredState()).isEqualTo(TaskState.SHUTDOWN);
    Task replacement = meantToRun(s).get(0);
    assertThat(replacement.nodeId()).isEqualTo("n2");
    // Swarm waits for the drained task to stop before starting its replacement...
    assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);

    s = apply(s, new StoreCommand.UpdateTaskStatus("t1", TaskStatus.of(TaskState.SHUTDOWN, drainedAt, "shutdown")));
    s = converge(s, drainedAt);
    // ...but not for the 5 s restart delay.
    assertThat(s.tasks().get(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void aDownNodesTaskIsReplacedWithoutTheRestartDelay() {
    Instant downAt = T0.plusSeconds(30);
    ClusterState s = state().readyNode("n2").node("n1", Node.State.DOWN, Node.Availability.ACTIVE,
            new swarm.core.spec.Resources(4_000_000_000L, 8L << 30, 0L))
        .service("s1", spec("web", 1)).task("t1", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();
    s = converge(s, downAt);

    // Its task did not fail, its node did: no crash loop for the delay to slow down (Swarm waits 5 s here).
    Task replacement = meantToRun(s).get(0);
    assertThat(replacement.desiredState()).isEqualTo(TaskState.RUNNING);
    assertThat(replacement.nodeId()).isEqualTo("n2");
  }
}
