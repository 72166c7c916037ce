package swarm.worker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.object.HealthStatus;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.Resources;
import swarm.worker.exec.ExecResult;
import swarm.worker.exec.TaskExecutor;
import swarm.worker.testing.BusyboxImage;
import swarm.worker.testing.OciDataDir;
import swarm.worker.testing.Tasks;

/** Health checks of real runc containers, probed with {@code runc exec}, gating and failing tasks. */
class HealthCheckIT {
  private static final long MS = 1_000_000L;
  private OciDataDir oci;
  private final ExecutorService blocking = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<TaskExecutor> executors = new ArrayList<>();
  private final List<TaskStatusReport> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    oci = OciDataDir.create("swarm-health-it");
    Path rootfs = BusyboxImage.rootfsTar(oci.work);
    oci.images.importRootfs(rootfs, "busybox:test");
    // An image whose HEALTHCHECK never passes: test -f /tmp/ok every 200 ms, unhealthy after 1 failure.
    oci.images.load(BusyboxImage.dockerSave(oci.work, List.of(rootfs), "checked:1", List.of("sh"), java.util.Map.of(
        "Test", List.of("CMD-SHELL", "test -f /tmp/ok"), "Interval", 200 * MS, "Timeout", 2_000 * MS, "Retries", 1)));
  }

  @AfterEach
  void tearDown() throws IOException {
    for (TaskExecutor ex : executors) {
      ex.orphan();
    }
    for (TaskExecutor ex : executors) {
      await().until(() -> ex.gone().isDone());
    }
    blocking.shutdownNow();
    timer.shutdownNow();
    if (oci != null) {
      oci.close();
    }
  }

  private TaskExecutor run(String script, HealthConfig hc) {
    return run("busybox:test", script, hc);
  }

  private TaskExecutor run(String image, String script, HealthConfig hc) {
    Task t = Tasks.assigned(Tasks.uniqueId("hc"), new ContainerSpec(image, List.of("sh", "-c", script), null,
        null, null, null, null, null, 1_000 * MS, hc), Resources.NONE);
    TaskExecutor ex = new TaskExecutor(t, oci.containers, reports::add, blocking, Clock.systemUTC(), timer);
    executors.add(ex);
    ex.poke();
    return ex;
  }

  private static HealthConfig okFileCheck(long intervalMs, Long startPeriodMs, int retries) {
    return new HealthConfig(List.of("CMD-SHELL", "test -f /tmp/ok"), intervalMs * MS, 2_000 * MS,
        startPeriodMs == null ? null : startPeriodMs * MS, retries);
  }

  private TaskStatus last(TaskExecutor ex) {
    return reports.stream().filter(r -> r.taskId().equals(ex.id())).reduce((a, b) -> b).orElseThrow().status();
  }

  @Test
  void containerThatNeverPassesItsCheckIsStoppedAndTheTaskFails() {
    TaskExecutor ex = run("exec sleep 60", okFileCheck(200, null, 2));
    await().until(() -> ex.state() == TaskState.FAILED);
    TaskStatus s = last(ex);
    assertThat(s.err()).isEqualTo("task: container is unhealthy");
    assertThat(s.containerStatus().health().status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(s.containerStatus().health().failingStreak()).isEqualTo(2);
    assertThat(s.containerStatus().health().log()).allMatch(r -> r.exitCode() == 1);
    assertThat(oci.containers.exit(ex.id())).isDone();
    assertThat(reports.stream().filter(r -> r.taskId().equals(ex.id())).map(r -> r.status().state()))
        .doesNotContain(TaskState.RUNNING);
  }

  @Test
  void containerThatPassesItsCheckBecomesRunningOnlyThen() {
    TaskExecutor ex = run(": > /tmp/ok; exec sleep 60", okFileCheck(200, null, 3));
    await().until(() -> ex.state() == TaskState.RUNNING);
    TaskStatus s = last(ex);
    assertThat(s.containerStatus().health().status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(s.containerStatus().health().log()).last().satisfies(r -> assertThat(r.exitCode()).isZero());
    assertThat(reports.stream().filter(r -> r.taskId().equals(ex.id())).map(r -> r.status().state()))
        .containsSubsequence(TaskState.STARTING, TaskState.RUNNING);
  }

  @Test
  void aRunningTasksFailingStreakIsReportedBeforeItFails() {
    TaskExecutor ex = run(": > /tmp/ok; sleep 1; rm /tmp/ok; exec sleep 60", okFileCheck(200, null, 3));
    await().until(() -> ex.state() == TaskState.FAILED);
    List<TaskStatus> mine = reports.stream().filter(r -> r.taskId().equals(ex.id())).map(r -> r.status()).toList();
    List<TaskStatus> running = mine.stream().filter(s -> s.state() == TaskState.RUNNING).toList();
    assertThat(running).extracting(s -> s.containerStatus().health().failingStreak())
        .as("one report when it became RUNNING, then one per change of the streak, the last being the unhealthy "
            + "verdict, said before the container is stopped")
        .startsWith(0).endsWith(2, 3).doesNotHaveDuplicates();
    assertThat(running.get(running.size() - 1).containerStatus().health().status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(running).extracting(TaskStatus::timestamp).containsOnly(running.get(0).timestamp());
    assertThat(running.get(running.size() - 1).containerStatus().health().log()).last()
        .satisfies(r -> assertThat(r.exitCode()).isOne());
    assertThat(last(ex).containerStatus().health().failingStreak()).isEqualTo(3);
  }

  @Test
  void failuresDuringTheStartPeriodDoNotCount() {
    // retries 1: without the start period the first failed probe would fail the task. The start period (60 s) is
    // far longer than the three probes the test waits for, and the check passes only when the test says so.
    TaskExecutor ex = run("exec sleep 120", okFileCheck(200, 60_000L, 1));
    await().until(() -> ex.health().map(h -> h.log().size() >= 3).orElse(false));
    assertThat(ex.state()).isEqualTo(TaskState.STARTING);
    assertThat(ex.health().orElseThrow().failingStreak()).isZero();
    ExecResult passing = oci.containers.exec(ex.id(), List.of("sh", "-c", ": > /tmp/ok"), Duration.ofSeconds(30));
    assertThat(passing.exitCode()).as(passing.output()).isZero();
    await().until(() -> ex.state() == TaskState.RUNNING);
  }

  @Test
  void probeThatOutlivesItsTimeoutIsKilledAndCountsAsAFailure() throws IOException {
    HealthConfig slow = new HealthConfig(List.of("CMD", "sleep", "31"), 1_500 * MS, 300 * MS, null, 2);
    TaskExecutor ex = run("exec sleep 60", slow);
    await().until(() -> ex.health().map(h -> !h.log().isEmpty()).orElse(false));
    assertThat(ex.health().orElseThrow().log().get(0).output()).isEqualTo("Health check exceeded timeout (300ms)");
    // Killed when the probe's result is recorded; gone from /proc as soon as the kernel has torn it down.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(sleepers()).as("the timed-out probe was killed inside the container").isZero());
    await().until(() -> ex.state() == TaskState.FAILED);
  }

  /** Host processes running {@code sleep 31}, the slow probe. */
  private static long sleepers() throws IOException {
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).filter(p -> {
        try {
          return new String(Files.readAllBytes(p.resolve("cmdline"))).equals("sleep\u000031\u0000");
        } catch (IOException e) {
          return false;
        }
      }).count();
    }
  }

  @Test
  void theImagesHealthcheckAppliesUnlessTheServiceDisablesIt() {
    TaskExecutor checked = run("checked:1", "exec sleep 60", null);
    TaskExecutor disabled = run("checked:1", "exec sleep 60", HealthConfig.none());
    await().until(() -> checked.state() == TaskState.FAILED);
    assertThat(last(checked).err()).isEqualTo("task: container is unhealthy");
    await().until(() -> disabled.state() == TaskState.RUNNING);
    assertThat(disabled.health()).isEmpty();
  }
}
