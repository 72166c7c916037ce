package swarm.manager.orchestrator.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.globalSpec;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.log.StoreCommand;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.RestartPolicy;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.state.ClusterState;
import swarm.manager.state.StateSnapshot;

/**
 * Tasks the worker refuses before they ever run (issue 14: no command, an unknown user, a full disk) are replaced
 * only after the restart delay, doubled for each such failure in a row; given a state, the supervisor proposes
 * exactly these changes at these times (a frozen clock: every time is an argument).
 */
class RestartSupervisorBackoffTest {
  private static final String NO_USER = "unable to find user nosuchuser: no matching entries in the image's passwd file";
  private final RestartSupervisor supervisor = new RestartSupervisor();

  private static RestartPolicy policy(Duration delay, long maxAttempts) {
    return new RestartPolicy(RestartPolicy.Condition.ANY, delay.toNanos(), maxAttempts, 0L);
  }

  /** One slot whose first task the orchestrator made at T0 (desired RUNNING) and the scheduler placed on n1. */
  private static ClusterState slot(RestartPolicy policy) {
    return state().readyNode("n1").service("s1", spec("web", 1, policy))
        .task("t1", "s1", 1, TaskState.ASSIGNED, TaskState.RUNNING, "n1", T0).build();
  }

  /** The newest task of the slot still meant to run. */
  private static Task current(ClusterState s) {
    return s.tasks().values().stream().filter(t -> t.desiredState().compareTo(TaskState.RUNNING) <= 0)
        .max(Comparator.comparing(Task::createdAt)).orElseThrow();
  }

  /** The worker refuses the slot's current task at prepare, as TaskExecutor reports it (no pid: it never ran). */
  private static ClusterState reject(ClusterState s, Instant at) {
    String id = current(s).id();
    return apply(s, new StoreCommand.UpdateTaskStatus(id,
        new TaskStatus(at, TaskState.REJECTED, "preparing", NO_USER, new ContainerStatus(id, null, null))));
  }

  /** The worker started the current task (it runs, with a pid), then it exited 1. */
  private static ClusterState runThenFail(ClusterState s, Instant startedAt, Instant failedAt) {
    String id = current(s).id();
    s = apply(s, new StoreCommand.UpdateTaskStatus(id,
        new TaskStatus(startedAt, TaskState.RUNNING, "started", null, new ContainerStatus(id, 42L, null))));
    return apply(s, new StoreCommand.UpdateTaskStatus(id,
        new TaskStatus(failedAt, TaskState.FAILED, "started", "task: non-zero exit (1)", new ContainerStatus(id, 42L, 1))));
  }

  /** Runs the supervisor at {@code at} and applies what it proposes until it has nothing more to do. */
  private ClusterState settle(ClusterState s, Instant at) {
    for (int pass = 0; pass < 5; pass++) {
      List<StoreCommand> commands = supervisor.reconcile(s, at);
      if (commands.isEmpty()) {
        return s;
      }
      s = apply(s, commands);
    }
    throw new AssertionError("the supervisor did not settle");
  }

  /** A slot's state after refusals in a row, and when the last replacement was made (as its wait ended). */
  private record Refused(ClusterState state, Instant replacedAt) {}

  /**
   * The worker refuses the slot's current task {@code times} in a row, each 50 ms after the last replacement (the
   * first 50 ms after T0); each is replaced when its wait is over.
   */
  private Refused refusedInARow(ClusterState s, int times) {
    Instant now = T0;
    for (int i = 0; i < times; i++) {
      now = now.plusMillis(50);
      s = reject(s, now);
      Instant due = supervisor.nextDeadline(s, now).orElseThrow();
      s = settle(s, due);
      now = due;
    }
    return new Refused(s, now);
  }

  private static List<Task> created(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.CreateTask)
        .map(c -> ((StoreCommand.CreateTask) c).task()).toList();
  }

  private static long tasks(ClusterState s) {
    return s.tasks().size();
  }

  @Test
  void aTaskRejectedAtPrepareGetsNoReplacementBeforeItsDelay() {
    Instant rejectedAt = T0.plusSeconds(1);
    ClusterState s = reject(slot(policy(Duration.ofSeconds(5), 0)), rejectedAt);

    // Nothing at all until the delay has passed: the rejected task keeps its slot (and its desired state).
    assertThat(supervisor.reconcile(s, rejectedAt)).isEmpty();
    assertThat(supervisor.reconcile(s, rejectedAt.plusMillis(4999))).isEmpty();
    assertThat(new ReplicatedOrchestrator().reconcile(s, rejectedAt.plusSeconds(2))).as("the slot stays taken")
        .isEmpty();
    assertThat(supervisor.nextDeadline(s, rejectedAt)).contains(rejectedAt.plusSeconds(5));

    Instant due = rejectedAt.plusSeconds(5);
    List<StoreCommand> commands = supervisor.reconcile(s, due);

    assertThat(commands).first().isEqualTo(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, due));
    assertThat(created(commands)).singleElement().satisfies(t -> {
      assertThat(t.slot()).isEqualTo(1L);
      assertThat(t.desiredState()).isEqualTo(TaskState.READY);
      assertThat(t.createdAt()).isEqualTo(due);
      assertThat(t.restarts()).containsExactly(rejectedAt);
      assertThat(t.failedStarts()).isEqualTo(1);
    });
    // Its delay has passed already: it is told to run on the next pass, without waiting again.
    s = apply(s, commands);
    assertThat(supervisor.reconcile(s, due))
        .containsExactly(new StoreCommand.SetDesiredState(current(s).id(), TaskState.RUNNING, due));
  }

  @Test
  void eachRejectionInARowDoublesTheWaitUpToFiveMinutes() {
    ClusterState s = slot(policy(Duration.ofSeconds(5), 0));
    Instant now = T0;
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      now = now.plusMillis(50); // the worker refuses each new task at once
      s = reject(s, now);
      assertThat(created(supervisor.reconcile(s, now))).isEmpty();
      Instant due = supervisor.nextDeadline(s, now).orElseThrow();
      assertThat(created(supervisor.reconcile(s, due.minusMillis(1)))).isEmpty();
      waits.add(Duration.between(now, due));
      s = settle(s, due);
      assertThat(current(s).failedStarts()).isEqualTo(i + 1);
      assertThat(current(s).desiredState()).isEqualTo(TaskState.RUNNING);
      now = due;
    }

    assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofMinutes(5),
        Duration.ofMinutes(5), Duration.ofMinutes(5));
    assertThat(tasks(s)).isEqualTo(10);
  }

  @Test
  void aZeroDelayStillBacksOffFromAHundredMilliseconds() {
    ClusterState s = slot(policy(Duration.ZERO, 0));
    Instant now = T0;
    Instant end = T0.plusSeconds(10);
    List<Duration> waits = new ArrayList<>();
    while (true) {
      s = reject(s, now); // refused the moment it exists
      assertThat(created(supervisor.reconcile(s, now))).isEmpty();
      Instant due = supervisor.nextDeadline(s, now).orElseThrow();
      if (due.isAfter(end)) {
        break;
      }
      waits.add(Duration.between(now, due));
      s = settle(s, due);
      now = due;
    }

    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofMillis(3200));
    assertThat(tasks(s)).as("7 tasks in 10 s, not one per pass").isEqualTo(7);
  }

  @Test
  void aTaskThatFailedToStartBacksOffToo() {
    ClusterState s = slot(policy(Duration.ZERO, 0));
    Instant failedAt = T0.plusSeconds(1);
    // runc could not exec the command: FAILED at start, a container status without a pid.
    s = apply(s, new StoreCommand.UpdateTaskStatus("t1", new TaskStatus(failedAt, TaskState.FAILED, "starting",
        "exec: \"nope\": executable file not found in $PATH", new ContainerStatus("t1", null, null))));

    assertThat(supervisor.reconcile(s, failedAt)).isEmpty();
    assertThat(supervisor.nextDeadline(s, failedAt)).contains(failedAt.plusMillis(100));
  }

  @Test
  void maxAttemptsStillEndTheSlotAndALastRejectionIsNotWaitedFor() {
    Refused refused = refusedInARow(slot(policy(Duration.ofSeconds(1), 2)), 2);
    assertThat(tasks(refused.state())).isEqualTo(3);

    Instant last = refused.replacedAt().plusMillis(50);
    ClusterState s = reject(refused.state(), last);
    String lastId = current(s).id();

    assertThat(supervisor.reconcile(s, last))
        .containsExactly(new StoreCommand.SetDesiredState(lastId, TaskState.SHUTDOWN, last));
    assertThat(supervisor.nextDeadline(s, last)).isEmpty();
    s = apply(s, supervisor.reconcile(s, last));
    assertThat(new ReplicatedOrchestrator().reconcile(s, last.plusSeconds(600))).as("the slot is done").isEmpty();
    assertThat(supervisor.reconcile(s, last.plusSeconds(600))).isEmpty();
  }

  @Test
  void aNewLeaderDecidesTheSameFromTheSnapshot() {
    Refused refused = refusedInARow(slot(policy(Duration.ofSeconds(2), 0)), 3);
    Instant rejectedAt = refused.replacedAt().plusMillis(50);
    ClusterState s = reject(refused.state(), rejectedAt);
    // A new leader knows only what the log and snapshots hold.
    ClusterState restored = Json.read(Json.toBytes(StateSnapshot.of(s)), StateSnapshot.class).toState();
    RestartSupervisor newLeader = new RestartSupervisor();

    Instant due = rejectedAt.plusSeconds(16); // 2 s × 2^3: the fourth refusal in a row
    assertThat(newLeader.nextDeadline(restored, rejectedAt)).contains(due)
        .isEqualTo(supervisor.nextDeadline(s, rejectedAt));
    assertThat(newLeader.reconcile(restored, due.minusMillis(1))).isEmpty();
    Task replacement = created(newLeader.reconcile(restored, due)).get(0);
    Task sameOnOldLeader = created(supervisor.reconcile(s, due)).get(0);
    assertThat(replacement.failedStarts()).isEqualTo(4).isEqualTo(sameOnOldLeader.failedStarts());
    assertThat(replacement.restarts()).isEqualTo(sameOnOldLeader.restarts());
  }

  @Test
  void aTaskThatRanResetsTheBackoffAndKeepsDockersDelayedStart() {
    Refused refused = refusedInARow(slot(policy(Duration.ofSeconds(5), 0)), 3);
    ClusterState s = refused.state();
    Instant now = refused.replacedAt();
    assertThat(current(s).failedStarts()).isEqualTo(3);

    // This one runs, then exits 1: replaced at once, held at READY for the delay, no backoff.
    Instant failedAt = now.plusSeconds(30);
    s = runThenFail(s, now.plusSeconds(1), failedAt);
    List<Task> replaced = created(supervisor.reconcile(s, failedAt));
    assertThat(replaced).singleElement().satisfies(t -> {
      assertThat(t.failedStarts()).isZero();
      assertThat(t.desiredState()).isEqualTo(TaskState.READY);
    });
    s = settle(s, failedAt);
    assertThat(supervisor.nextDeadline(s, failedAt)).contains(failedAt.plusSeconds(5));

    // Prepared while held at READY, it is refused: the wait starts over at the delay.
    Instant rejectedAt = failedAt.plusSeconds(1);
    s = reject(s, rejectedAt);
    assertThat(supervisor.reconcile(s, rejectedAt)).isEmpty();
    assertThat(supervisor.nextDeadline(s, rejectedAt)).contains(rejectedAt.plusSeconds(5));
  }

  @Test
  void aWorkerClockThatLagsCannotShortenTheWait() {
    ClusterState s = slot(policy(Duration.ofSeconds(5), 0));
    Instant created = current(s).createdAt();

    s = reject(s, created.minus(Duration.ofHours(1))); // the worker's clock is an hour behind the manager's

    assertThat(supervisor.reconcile(s, created.plusSeconds(1))).isEmpty();
    assertThat(supervisor.nextDeadline(s, created)).contains(created.plusSeconds(5));
  }

  @Test
  void aNewSpecReplacesAWaitingTaskAtOnceAndStartsTheCountOver() {
    Refused refused = refusedInARow(slot(policy(Duration.ofSeconds(5), 0)), 2);
    Instant rejectedAt = refused.replacedAt().plusMillis(50);
    ClusterState s = reject(refused.state(), rejectedAt);
    // The user fixes the service (here: another command).
    Service old = s.services().get("s1");
    Service fixed = old.withSpec(old.spec().withTaskTemplate(old.spec().taskTemplate().withContainerSpec(
        new ContainerSpec("busybox", List.of("sleep", "2000"), null, null, null, null, null, null,
            null))), rejectedAt.plusSeconds(1));
    ClusterState updated = apply(s, new StoreCommand.UpdateService(fixed, old.version().index()));

    List<Task> replaced = created(supervisor.reconcile(updated, rejectedAt.plusSeconds(1)));

    assertThat(replaced).singleElement().satisfies(t -> {
      assertThat(t.failedStarts()).isZero();
      assertThat(t.spec()).isEqualTo(fixed.spec().taskTemplate());
    });
  }

  @Test
  void aRejectedGlobalTaskWaitsToo() {
    ClusterState s = state().readyNode("n1").service("g", globalSpec("agent", policy(Duration.ofSeconds(3), 0)))
        .globalTask("t1", "g", "n1", TaskState.ASSIGNED, TaskState.RUNNING, T0).build();
    Instant rejectedAt = T0.plusSeconds(1);
    s = reject(s, rejectedAt);

    assertThat(supervisor.reconcile(s, rejectedAt.plusSeconds(2))).isEmpty();
    assertThat(supervisor.nextDeadline(s, rejectedAt)).contains(rejectedAt.plusSeconds(3));
    assertThat(created(supervisor.reconcile(s, rejectedAt.plusSeconds(3)))).singleElement().satisfies(t -> {
      assertThat(t.nodeId()).isEqualTo("n1");
      assertThat(t.failedStarts()).isEqualTo(1);
    });
  }
}
