package swarm.manager.orchestrator.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.Resources;
import swarm.core.spec.RestartPolicy;
import swarm.manager.state.ClusterState;

class RestartSupervisorTest {
  private final RestartSupervisor supervisor = new RestartSupervisor();

  private static RestartPolicy policy(RestartPolicy.Condition condition, long maxAttempts, Duration window) {
    return new RestartPolicy(condition, Duration.ofSeconds(5).toNanos(), maxAttempts, window.toNanos());
  }

  private static ClusterState running(RestartPolicy policy) {
    return state().readyNode("n1").service("s1", spec("web", 1, policy))
        .task("t1", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();
  }

  /** The newest task of slot 1 still meant to run. */
  private static Task current(ClusterState s) {
    return s.tasks().values().stream().filter(t -> t.desiredState().compareTo(TaskState.RUNNING) <= 0)
        .max(Comparator.comparing(Task::createdAt)).orElseThrow();
  }

  private static ClusterState end(ClusterState s, TaskState how, Instant at) {
    return apply(s, new StoreCommand.UpdateTaskStatus(current(s).id(), TaskStatus.of(how, at, how.wire())));
  }

  private static List<Task> created(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.CreateTask)
        .map(c -> ((StoreCommand.CreateTask) c).task()).toList();
  }

  @Test
  void conditionNoneNeverRestartsButShutsTheTaskDown() {
    ClusterState s = end(running(policy(RestartPolicy.Condition.NONE, 0, Duration.ZERO)), TaskState.FAILED, T0);

    List<StoreCommand> commands = supervisor.reconcile(s, T0);

    assertThat(commands).containsExactly(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0));
  }

  @Test
  void onFailureDoesNotRestartACompletedTask() {
    ClusterState s = end(running(policy(RestartPolicy.Condition.ON_FAILURE, 0, Duration.ZERO)), TaskState.COMPLETE,
        T0);

    assertThat(created(supervisor.reconcile(s, T0))).isEmpty();
  }

  @Test
  void onFailureRestartsAFailedTaskInTheSameSlotHeldAtReady() {
    ClusterState s = end(running(policy(RestartPolicy.Condition.ON_FAILURE, 0, Duration.ZERO)), TaskState.FAILED,
        T0);

    List<Task> created = created(supervisor.reconcile(s, T0));

    assertThat(created).singleElement().satisfies(t -> {
      assertThat(t.slot()).isEqualTo(1L);
      assertThat(t.desiredState()).isEqualTo(TaskState.READY);
      assertThat(t.restarts()).containsExactly(T0);
    });
  }

  @Test
  void conditionAnyRestartsEvenACompletedTask() {
    ClusterState s = end(running(policy(RestartPolicy.Condition.ANY, 0, Duration.ZERO)), TaskState.COMPLETE, T0);

    assertThat(created(supervisor.reconcile(s, T0))).hasSize(1);
  }

  @Test
  void aReplacementStartsOnlyAfterTheRestartDelay() {
    Instant failedAt = T0.plusSeconds(10);
    ClusterState s = end(running(policy(RestartPolicy.Condition.ANY, 0, Duration.ZERO)), TaskState.FAILED, failedAt);
    s = apply(s, supervisor.reconcile(s, failedAt));
    String replacement = current(s).id();

    assertThat(supervisor.reconcile(s, failedAt.plusSeconds(4))).isEmpty();
    assertThat(supervisor.nextDeadline(s, failedAt.plusSeconds(4))).contains(failedAt.plusSeconds(5));
    assertThat(supervisor.reconcile(s, failedAt.plusSeconds(5)))
        .containsExactly(new StoreCommand.SetDesiredState(replacement, TaskState.RUNNING, failedAt.plusSeconds(5)));
  }

  @Test
  void maxAttemptsWithoutWindowAllowsExactlyThatManyRestarts() {
    ClusterState s = running(policy(RestartPolicy.Condition.ANY, 3, Duration.ZERO));
    int restarts = 0;
    Instant now = T0;
    for (int round = 0; round < 6; round++) {
      now = now.plusSeconds(30);
      s = end(s, TaskState.FAILED, now);
      List<StoreCommand> commands = supervisor.reconcile(s, now);
      restarts += created(commands).size();
      s = apply(s, commands);
      if (s.tasks().values().stream().noneMatch(t -> t.desiredState().compareTo(TaskState.RUNNING) <= 0)) {
        break;
      }
    }

    assertThat(restarts).isEqualTo(3);
    assertThat(supervisor.reconcile(s, now.plusSeconds(60))).isEmpty();
  }

  @Test
  void windowCountsOnlyRestartsWithinItBeforeTheFailure() {
    ClusterState s = running(policy(RestartPolicy.Condition.ANY, 2, Duration.ofSeconds(60)));
    // Two failures 10 s apart: both restarted.
    for (int i = 1; i <= 2; i++) {
      s = end(s, TaskState.FAILED, T0.plusSeconds(10L * i));
      assertThat(created(supervisor.reconcile(s, T0.plusSeconds(10L * i)))).hasSize(1);
      s = apply(s, supervisor.reconcile(s, T0.plusSeconds(10L * i)));
    }
    // A third within the window: 2 restarts in [failure - 60s, failure): refused.
    ClusterState third = end(s, TaskState.FAILED, T0.plusSeconds(30));
    assertThat(created(supervisor.reconcile(third, T0.plusSeconds(30)))).isEmpty();
    // The same failure after the window has moved past the earlier ones: restarted again.
    ClusterState later = end(s, TaskState.FAILED, T0.plusSeconds(200));
    assertThat(created(supervisor.reconcile(later, T0.plusSeconds(200)))).singleElement()
        .satisfies(t -> assertThat(t.restarts()).containsExactly(T0.plusSeconds(200)));
  }

  @Test
  void aTaskOnANodeThatIsDownCountsAsFailed() {
    ClusterState s = state().node("n1", Node.State.DOWN, Node.Availability.ACTIVE, Resources.NONE)
        .service("s1", spec("web", 1))
        .task("t1", "s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1", T0).build();

    List<StoreCommand> commands = supervisor.reconcile(s, T0.plusSeconds(1));

    assertThat(commands).contains(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0.plusSeconds(1)));
    assertThat(created(commands)).hasSize(1);
  }

  @Test
  void aHealthyServiceHasNoDeadline() {
    assertThat(supervisor.nextDeadline(running(policy(RestartPolicy.Condition.ANY, 0, Duration.ZERO)), T0))
        .isEqualTo(Optional.empty());
  }

  @Test
  void aFailedTaskWhoseSlotAlreadyHasACurrentTaskIsShutDownNotReplaced() {
    // Start-first: the old task (another spec) fails while the new one, current, runs in its slot.
    ClusterState s = running(policy(RestartPolicy.Condition.ANY, 0, Duration.ZERO));
    Task old = s.tasks().get("t1");
    Task outdated = new Task("t0", null, T0, T0, "s1", "web", 1L, "n1",
        old.spec().withContainerSpec(old.spec().containerSpec().withImage("busybox:1")), null, null,
        TaskStatus.of(TaskState.FAILED, T0, "failed"), TaskState.RUNNING, null);
    s = apply(s, new StoreCommand.CreateTask(outdated));

    List<StoreCommand> commands = supervisor.reconcile(s, T0);

    assertThat(commands).containsExactly(new StoreCommand.SetDesiredState("t0", TaskState.SHUTDOWN, T0));
  }
}
