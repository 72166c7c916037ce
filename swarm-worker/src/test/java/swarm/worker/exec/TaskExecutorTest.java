package swarm.worker.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.error.SwarmException;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.worker.testing.FakeContainers;
import swarm.worker.testing.Tasks;

class TaskExecutorTest {
  private final FakeContainers containers = new FakeContainers();
  private final List<TaskStatusReport> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private TaskExecutor executor(Task t) {
    return new TaskExecutor(t, containers, reports::add, pool, clock);
  }

  private List<TaskState> states() {
    return reports.stream().map(r -> r.status().state()).toList();
  }

  private TaskStatus last() {
    return reports.get(reports.size() - 1).status();
  }

  @Test
  void assignedTaskRunsThroughEveryStateToRunning() {
    TaskExecutor ex = executor(Tasks.assigned("t1", "busybox", List.of("sleep", "1")));
    ex.poke();
    await().until(() -> ex.state() == TaskState.RUNNING);
    assertThat(states()).containsExactly(TaskState.ACCEPTED, TaskState.PREPARING, TaskState.READY, TaskState.STARTING,
        TaskState.RUNNING);
    assertThat(last().containerStatus().containerId()).isEqualTo("t1");
    assertThat(last().containerStatus().pid()).isEqualTo(100L);
  }

  @Test
  void zeroExitCompletesAndNonZeroFailsWithDockersError() {
    TaskExecutor ok = executor(Tasks.assigned("ok", "busybox", List.of("true")));
    TaskExecutor bad = executor(Tasks.assigned("bad", "busybox", List.of("false")));
    ok.poke();
    bad.poke();
    await().until(() -> ok.state() == TaskState.RUNNING && bad.state() == TaskState.RUNNING);
    containers.exitWith("ok", ExitStatus.of(0));
    containers.exitWith("bad", ExitStatus.of(3));
    await().until(() -> ok.state() == TaskState.COMPLETE && bad.state() == TaskState.FAILED);
    TaskStatus failed = reports.stream().filter(r -> r.taskId().equals("bad")).reduce((a, b) -> b).orElseThrow().status();
    assertThat(failed.err()).isEqualTo("task: non-zero exit (3)");
    assertThat(failed.containerStatus().exitCode()).isEqualTo(3);
    assertThat(containers.calls).contains("release ok", "release bad");
  }

  @Test
  void desiredReadyWaitsAtReady() {
    Task t = Tasks.desired(Tasks.assigned("r1", "busybox", List.of("sleep", "1")), TaskState.READY);
    TaskExecutor ex = executor(t);
    ex.poke();
    await().until(() -> ex.state() == TaskState.READY);
    assertThat(containers.calls).doesNotContain("start r1");
    ex.update(Tasks.desired(t, TaskState.RUNNING));
    await().until(() -> ex.state() == TaskState.RUNNING);
  }

  @Test
  void prepareFailureRejectsWithTheError() {
    containers.prepareFailure = SwarmException.notFound("image nope:1 not found on this node");
    TaskExecutor ex = executor(Tasks.assigned("x1", "nope:1", List.of("sh")));
    ex.poke();
    await().until(() -> ex.state() == TaskState.REJECTED);
    assertThat(last().err()).contains("image nope:1 not found");
    assertThat(containers.calls).doesNotContain("start x1");
  }

  @Test
  void desiredShutdownStopsWithTheStopSignalAndRemoveDeletes() {
    Task t = Tasks.assigned("s1", "busybox", List.of("sleep", "100"));
    TaskExecutor ex = executor(t);
    ex.poke();
    await().until(() -> ex.state() == TaskState.RUNNING);
    ex.update(Tasks.desired(t, TaskState.SHUTDOWN));
    await().until(() -> ex.state() == TaskState.SHUTDOWN);
    assertThat(containers.calls).contains("stop s1 SIGTERM", "release s1").doesNotContain("remove s1");
    ex.update(Tasks.desired(t, TaskState.REMOVE));
    await().until(() -> ex.gone().isDone());
    assertThat(containers.calls).contains("remove s1");
  }

  @Test
  void runningContainerFromAnEarlierDaemonIsAdoptedNotRestarted() {
    containers.alreadyRunning("a1", 4242);
    Task t = Tasks.assigned("a1", "busybox", List.of("sleep", "100"))
        .withStatus(TaskStatus.of(TaskState.RUNNING, Instant.now(), "started"));
    TaskExecutor ex = executor(t);
    ex.poke();
    await().until(() -> ex.pid().isPresent());
    assertThat(ex.pid().getAsLong()).isEqualTo(4242);
    assertThat(containers.calls).isEmpty();
    assertThat(reports).isEmpty();
    containers.exitWith("a1", ExitStatus.unknown());
    await().until(() -> ex.state() == TaskState.FAILED);
    assertThat(last().err()).isEqualTo(ExitStatus.UNKNOWN);
    assertThat(last().containerStatus().exitCode()).isNull();
  }

  @Test
  void orphanedTaskIsStoppedAndRemoved() {
    TaskExecutor ex = executor(Tasks.assigned("o1", "busybox", List.of("sleep", "100")));
    ex.poke();
    await().until(() -> ex.state() == TaskState.RUNNING);
    ex.orphan();
    await().until(() -> ex.gone().isDone());
    assertThat(containers.callsFor("o1")).containsSubsequence("start o1", "stop o1 SIGTERM", "release o1", "remove o1");
  }
}
