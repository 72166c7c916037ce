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
import swarm.core.object.HealthStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.Resources;
import swarm.worker.testing.FakeContainers;
import swarm.worker.testing.Tasks;

class TaskExecutorTest {
  private final FakeContainers containers = new FakeContainers();
  private final List<TaskStatusReport> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  private TaskExecutor executor(Task t) {
    return new TaskExecutor(t, containers, reports::add, pool, clock, timer);
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

  private static Task withHealthcheck(String id, Integer retries, Long startPeriodNanos) {
    HealthConfig hc = new HealthConfig(List.of("CMD-SHELL", "test -f /tmp/ok"), 10_000_000L, 1_000_000_000L,
        startPeriodNanos, retries);
    return Tasks.assigned(id, new ContainerSpec("busybox", List.of("sleep", "100"), null, null, null, null, null, null,
        null, hc), Resources.NONE);
  }

  @Test
  void taskWithAHealthCheckStaysStartingUntilHealthyThenRuns() {
    java.util.concurrent.atomic.AtomicBoolean ok = new java.util.concurrent.atomic.AtomicBoolean();
    containers.execs = argv -> new ExecResult(ok.get() ? 0 : 1, "", false);
    TaskExecutor ex = executor(withHealthcheck("h1", 1000, null));
    ex.poke();
    await().until(() -> ex.health().map(h -> h.failingStreak() >= 2).orElse(false));
    assertThat(ex.state()).isEqualTo(TaskState.STARTING);
    assertThat(reports.get(reports.size() - 1).status().containerStatus().health().status())
        .isEqualTo(HealthStatus.STARTING);
    ok.set(true);
    await().until(() -> ex.state() == TaskState.RUNNING);
    assertThat(last().containerStatus().health().status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(last().containerStatus().pid()).isNotNull();
  }

  @Test
  void unhealthyContainerIsStoppedAndTheTaskFails() {
    containers.execs = argv -> new ExecResult(1, "no /tmp/ok", false);
    TaskExecutor ex = executor(withHealthcheck("h2", 2, null));
    ex.poke();
    await().until(() -> ex.state() == TaskState.FAILED);
    assertThat(last().err()).isEqualTo(TaskExecutor.UNHEALTHY);
    assertThat(last().containerStatus().health().status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(last().containerStatus().health().log()).extracting(r -> r.output()).contains("no /tmp/ok");
    assertThat(containers.callsFor("h2")).contains("stop h2 SIGTERM");
    assertThat(states()).doesNotContain(TaskState.RUNNING);
  }

  @Test
  void runningTaskThatTurnsUnhealthyFails() {
    java.util.concurrent.atomic.AtomicBoolean ok = new java.util.concurrent.atomic.AtomicBoolean(true);
    containers.execs = argv -> new ExecResult(ok.get() ? 0 : 1, "", false);
    TaskExecutor ex = executor(withHealthcheck("h3", 3, null));
    ex.poke();
    await().until(() -> ex.state() == TaskState.RUNNING);
    ok.set(false);
    await().until(() -> ex.state() == TaskState.FAILED);
    assertThat(last().err()).isEqualTo(TaskExecutor.UNHEALTHY);
  }

  @Test
  void anUnhealthyVerdictIsReportedBeforeTheContainerIsStopped() {
    // The managers drop a task from VIPs and the mesh on that report; the stop may take the whole grace period.
    java.util.concurrent.atomic.AtomicBoolean ok = new java.util.concurrent.atomic.AtomicBoolean(true);
    containers.execs = argv -> new ExecResult(ok.get() ? 0 : 1, "", false);
    TaskExecutor ex = new TaskExecutor(withHealthcheck("h7", 1, null), containers, r -> {
      reports.add(r);
      var c = r.status().containerStatus();
      containers.calls.add("report " + r.status().state() + " "
          + (c == null || c.health() == null ? "-" : c.health().status()) + " " + r.taskId());
    }, pool, clock, timer);
    ex.poke();
    await().until(() -> ex.state() == TaskState.RUNNING);
    ok.set(false);
    await().until(() -> ex.state() == TaskState.FAILED);
    assertThat(containers.callsFor("h7")).containsSubsequence("report RUNNING UNHEALTHY h7", "stop h7 SIGTERM",
        "report FAILED UNHEALTHY h7");
  }

  /** Probe results the test hands out one at a time; a probe waits for the next, so none is skipped. */
  private java.util.concurrent.BlockingQueue<ExecResult> scriptedProbes() {
    java.util.concurrent.BlockingQueue<ExecResult> results = new java.util.concurrent.LinkedBlockingQueue<>();
    containers.execs = argv -> {
      try {
        return results.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ExecResult(0, "", false);
      }
    };
    return results;
  }

  private static ExecResult probe(int exitCode, String output) {
    return new ExecResult(exitCode, output, false);
  }

  private List<TaskStatus> reportsAfter(TaskStatus first) {
    List<TaskStatus> all = reports.stream().map(TaskStatusReport::status).toList();
    return all.subList(all.indexOf(first) + 1, all.size());
  }

  @Test
  void aRunningTasksHealthVerdictChangeIsReportedOnceAndSteadyProbesNotAtAll() {
    var probes = scriptedProbes();
    TaskExecutor ex = new TaskExecutor(withHealthcheck("h5", 3, null), containers, reports::add, pool,
        Clock.systemUTC(), timer);
    ex.poke();
    probes.add(probe(0, "up"));
    await().until(() -> ex.state() == TaskState.RUNNING);
    TaskStatus running = last();

    probes.addAll(List.of(probe(0, "up"), probe(0, "up"), probe(1, "down")));
    await().until(() -> last().containerStatus().health().failingStreak() == 1);
    probes.add(probe(1, "still down"));
    await().until(() -> last().containerStatus().health().failingStreak() == 2);
    probes.addAll(List.of(probe(0, "up again"), probe(0, "up"), probe(0, "up"), probe(1, "down")));
    await().until(() -> reportsAfter(running).size() == 4);

    List<TaskStatus> health = reportsAfter(running);
    assertThat(health).extracting(s -> s.containerStatus().health().failingStreak()).containsExactly(1, 2, 0, 1);
    assertThat(health).allSatisfy(s -> {
      assertThat(s.state()).isEqualTo(TaskState.RUNNING);
      assertThat(s.timestamp()).as("when it became RUNNING").isEqualTo(running.timestamp());
      assertThat(s.message()).isEqualTo("started");
      assertThat(s.containerStatus().health().status()).isEqualTo(HealthStatus.HEALTHY);
      assertThat(s.containerStatus().pid()).isEqualTo(100L);
    });
    assertThat(health.get(1).containerStatus().health().log()).last()
        .satisfies(r -> assertThat(r.output()).isEqualTo("still down"));
    assertThat(health.get(2).containerStatus().health().log()).last()
        .satisfies(r -> assertThat(r.output()).isEqualTo("up again"));
    assertThat(ex.state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void anAdoptedTaskDoesNotReportTheHealthItsManagerAlreadyHas() {
    containers.alreadyRunning("h6", 4242);
    Instant since = Instant.parse("2024-05-01T09:00:00Z");
    Task t = withHealthcheck("h6", 3, null).withStatus(new TaskStatus(since, TaskState.RUNNING, "started", null,
        new swarm.core.object.ContainerStatus("h6", 4242L, null,
            new swarm.core.object.Health(HealthStatus.HEALTHY, 0, List.of()))));
    var probes = scriptedProbes();
    TaskExecutor ex = executor(t);
    ex.poke();
    probes.addAll(List.of(probe(0, "up"), probe(0, "up"), probe(1, "down")));
    await().until(() -> !reports.isEmpty());

    assertThat(reports).singleElement().satisfies(r -> {
      assertThat(r.status().timestamp()).isEqualTo(since);
      assertThat(r.status().containerStatus().health().failingStreak()).isEqualTo(1);
    });
    assertThat(containers.calls).doesNotContain("start h6");
  }

  @Test
  void disabledHealthCheckRunsAtOnce() {
    Task t = Tasks.assigned("h4", new ContainerSpec("busybox", List.of("sleep", "100"), null, null, null, null, null,
        null, null, HealthConfig.none()), Resources.NONE);
    TaskExecutor ex = executor(t);
    ex.poke();
    await().until(() -> ex.state() == TaskState.RUNNING);
    assertThat(ex.health()).isEmpty();
    assertThat(last().containerStatus().health()).isNull();
  }
}
