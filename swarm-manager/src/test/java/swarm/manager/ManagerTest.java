package swarm.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.StateBuilder.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.error.SwarmException;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.Resources;

/** A real one-member Ratis group on disk: init, work, close, restart from the same directory. */
class ManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Node.Description HOST = new Node.Description("host1", new Node.Platform("linux", "x86_64"),
      new Resources(2_000_000_000L, 4L << 30, 0L));

  @TempDir
  Path dataDir;

  private ManagerConfig config() {
    return ManagerConfig.of(dataDir, "node1", "host1");
  }

  /** Plays the worker: reports every assigned task that should run as RUNNING. */
  private static DispatcherClient.Session worker(Manager m) {
    AtomicReference<DispatcherClient.Session> session = new AtomicReference<>();
    session.set(m.dispatcher().open("node1", HOST, (Assignments a) -> {
      List<TaskStatusReport> reports = a.tasks().stream()
          .filter(t -> t.desiredState() == TaskState.RUNNING && t.state().compareTo(TaskState.RUNNING) < 0)
          .map(t -> new TaskStatusReport(t.id(), TaskStatus.of(TaskState.RUNNING, null, "started")))
          .toList();
      if (!reports.isEmpty() && session.get() != null) {
        session.get().report(reports);
      }
    }));
    return session.get();
  }

  private static long running(Manager m, String service) {
    return m.controlApi().tasks(service, null, null).stream().filter(t -> t.state() == TaskState.RUNNING).count();
  }

  @Test
  void servicesAndTasksSurviveARestartByLogReplay() {
    List<Service> services;
    List<Task> tasks;
    try (Manager m = Manager.init(config())) {
      assertThat(m.isLeader()).isTrue();
      DispatcherClient.Session session = worker(m);
      m.controlApi().createService(spec("web", 3));
      // The worker's session opened before the tasks existed, so its later pushes drive them to RUNNING.
      await().atMost(WAIT).until(() -> running(m, "web") == 3);
      assertThat(m.controlApi().tasks("web", null, null)).extracting(Task::nodeId).containsOnly("node1");
      assertThatThrownBy(() -> m.controlApi().createService(spec("web", 1)))
          .isInstanceOfSatisfying(SwarmException.class, e -> {
            assertThat(e.kind()).isEqualTo(SwarmException.Kind.CONFLICT);
            assertThat(e.getMessage()).isEqualTo("service name web is already in use");
          });
      session.close();
      services = m.controlApi().services();
      tasks = m.controlApi().tasks(null, null, null);
    }
    assertThat(Manager.isInitialized(dataDir)).isTrue();

    try (Manager m = Manager.restart(config())) {
      assertThat(m.controlApi().services()).isEqualTo(services);
      assertThat(m.controlApi().tasks(null, null, null)).isEqualTo(tasks);
      assertThat(m.controlApi().node("host1").spec().role()).isEqualTo(Node.Role.MANAGER);
    }
  }

  @Test
  void scalingDownRemovesTasksOnceTheWorkerStoppedThem() {
    try (Manager m = Manager.init(config())) {
      AtomicReference<DispatcherClient.Session> session = new AtomicReference<>();
      session.set(m.dispatcher().open("node1", HOST, a -> {
        List<TaskStatusReport> reports = a.tasks().stream()
            .filter(t -> !t.state().isTerminal())
            .map(t -> new TaskStatusReport(t.id(), TaskStatus.of(
                t.desiredState().compareTo(TaskState.RUNNING) <= 0 ? TaskState.RUNNING : TaskState.SHUTDOWN,
                null, "worker")))
            .filter(r -> a.tasks().stream().anyMatch(t -> t.id().equals(r.taskId()) && t.state() != r.status().state()))
            .toList();
        if (!reports.isEmpty() && session.get() != null) {
          session.get().report(reports);
        }
      }));
      Service web = m.controlApi().createService(spec("web", 4));
      await().atMost(WAIT).until(() -> running(m, "web") == 4);

      m.controlApi().updateService("web", web.version().index(), web.spec().withReplicas(2));

      await().atMost(WAIT).until(() -> m.controlApi().tasks("web", null, null).size() == 2);
      assertThat(m.controlApi().tasks("web", null, null)).extracting(Task::slot).containsExactly(1L, 2L);
      session.get().close();
    }
  }

  @Test
  void aRunningTasksChangedHealthReachesTheStoreThroughTheLog() {
    try (Manager m = Manager.init(config())) {
      DispatcherClient.Session session = worker(m);
      m.controlApi().createService(spec("web", 1));
      await().atMost(WAIT).until(() -> running(m, "web") == 1);
      Task task = m.controlApi().tasks("web", null, null).get(0);
      Instant probed = Instant.parse("2026-01-01T00:00:05.123456789Z");
      Health failing = new Health(HealthStatus.HEALTHY, 1,
          List.of(new Health.Result(probed, probed.plusMillis(20), 1, "connection refused")));

      session.report(List.of(new TaskStatusReport(task.id(), new TaskStatus(task.status().timestamp(),
          TaskState.RUNNING, "started", null, new ContainerStatus(task.id(), 42L, null, failing)))));

      await().atMost(WAIT).until(() -> m.controlApi().tasks("web", null, null).get(0).status().containerStatus() != null);
      Task updated = m.controlApi().tasks("web", null, null).get(0);
      assertThat(updated.state()).isEqualTo(TaskState.RUNNING);
      assertThat(updated.status().containerStatus().health()).isEqualTo(failing);
      assertThat(updated.status().timestamp()).isEqualTo(task.status().timestamp());
      session.close();
    }
  }

  @Test
  void snapshotsPurgeTheLogAndARestartRestoresFromTheSnapshot() throws IOException {
    ManagerConfig cfg = config().withSnapshotInterval(5).withRaftSegmentBytes(1 << 10);
    List<Service> services;
    try (Manager m = Manager.init(cfg)) {
      for (int i = 0; i < 12; i++) {
        m.controlApi().createService(spec("svc" + i, 0));
      }
      await().atMost(WAIT).until(() -> !files(dataDir, "snapshot.").isEmpty());
      await().atMost(WAIT).until(() -> files(dataDir, "log_").stream()
          .noneMatch(p -> p.getFileName().toString().matches("log_(inprogress_)?0(-.*)?")));
      services = m.controlApi().services();
    }

    // The entries that created the first services are gone from the log: only the snapshot has them.
    try (Manager m = Manager.restart(cfg)) {
      assertThat(m.controlApi().services()).isEqualTo(services);
      assertThat(m.controlApi().cluster().spec().raft().snapshotInterval()).isEqualTo(5);
    }
  }

  @Test
  void initRefusesADataDirThatAlreadyHoldsASwarm() {
    try (Manager m = Manager.init(config())) {
      assertThatThrownBy(() -> Manager.init(config())).isInstanceOf(SwarmException.class)
          .hasMessageContaining("already part of a swarm");
    }
  }

  private static List<Path> files(Path root, String prefix) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
  }
}
