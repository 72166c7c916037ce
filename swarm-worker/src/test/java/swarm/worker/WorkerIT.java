package swarm.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.Resources;
import swarm.worker.image.Image;
import swarm.worker.logs.LogEntry;
import swarm.worker.testing.BusyboxImage;
import swarm.worker.testing.FakeDispatcher;
import swarm.worker.testing.Host;
import swarm.worker.testing.Leftovers;
import swarm.worker.testing.Sh;
import swarm.worker.testing.Tasks;

/** The worker end to end with real containers, against an in-test dispatcher. */
class WorkerIT {
  /** Exits at once on SIGTERM, so stopping takes no grace period. */
  private static final String SERVE = "trap 'exit 0' TERM; echo up; while true; do sleep 0.1; done";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Path work;
  private Path data;
  private String image;
  private final FakeDispatcher dispatcher = new FakeDispatcher();
  private Worker worker;
  private Worker second;

  @BeforeEach
  void setUp() throws IOException {
    Host.assumeContainers();
    work = Files.createTempDirectory("swarm-worker-it");
    data = work.resolve("data");
    worker = new Worker(data, "node1");
    Image busybox = worker.images().importRootfs(BusyboxImage.rootfsTar(work), "busybox:test");
    image = "busybox:test@" + busybox.id(); // pinned, as the manager pins images at service create
  }

  @AfterEach
  void tearDown() throws IOException {
    for (Worker w : new Worker[] {worker, second}) {
      if (w != null) {
        w.close();
      }
    }
    Leftovers.purge(work);
  }

  private Task task(String script) {
    return Tasks.assigned(Tasks.uniqueId("task"), image, List.of("sh", "-c", script));
  }

  private Map<String, Long> pids(Worker w) {
    return w.runningContainers().stream().collect(Collectors.toMap(LocalContainer::id, LocalContainer::pid));
  }

  private static String pidNamespace(long pid) throws IOException {
    return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns/pid")).toString();
  }

  private void awaitNothingLeft(List<Task> tasks) {
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(Leftovers.runcIds(data)).isEmpty();
      assertThat(Leftovers.mountsUnder(data)).isEmpty();
      for (Task t : tasks) {
        assertThat(Leftovers.cgroupsOf(t.id())).isEmpty();
        assertThat(data.resolve("containers").resolve(t.id())).doesNotExist();
      }
    });
  }

  @Test
  void assignedTasksRunInTheirOwnPidNamespacesAndGoAwayWhenUnassigned() throws IOException {
    List<Task> tasks = List.of(task(SERVE), task(SERVE), task(SERVE));
    dispatcher.assign(tasks);
    worker.start(dispatcher);

    await().atMost(WAIT).until(() -> worker.containerCount() == 3);
    Set<String> namespaces = new HashSet<>();
    for (long pid : pids(worker).values()) {
      namespaces.add(pidNamespace(pid));
    }
    namespaces.add(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
    assertThat(namespaces).hasSize(4);
    for (Task t : tasks) {
      assertThat(dispatcher.reportsOf(t.id())).extracting(TaskStatus::state).containsExactly(TaskState.ACCEPTED,
          TaskState.PREPARING, TaskState.READY, TaskState.STARTING, TaskState.RUNNING);
    }
    assertThat(dispatcher.description.platform().os()).isEqualTo("linux");
    assertThat(dispatcher.description.resources().nanoCpus()).isPositive();
    assertThat(dispatcher.description.resources().memoryBytes()).isPositive();
    await().atMost(WAIT).until(() -> worker.logs().read(tasks.get(0).id(), -1).size() == 1);

    dispatcher.assign(List.of());

    awaitNothingLeft(tasks);
    assertThat(worker.containerCount()).isZero();
    for (Task t : tasks) {
      assertThat(dispatcher.last(t.id()).orElseThrow().state()).isEqualTo(TaskState.SHUTDOWN);
    }
  }

  @Test
  void exitCodesAreReportedAndLogsStayUntilTheTaskIsGone() {
    Task failing = task("echo about to fail; exit 3");
    Task finishing = task("true");
    dispatcher.assign(List.of(failing, finishing));
    worker.start(dispatcher);

    await().atMost(WAIT).until(() -> dispatcher.last(failing.id()).map(s -> s.state() == TaskState.FAILED).orElse(false)
        && dispatcher.last(finishing.id()).map(s -> s.state() == TaskState.COMPLETE).orElse(false));
    TaskStatus failed = dispatcher.last(failing.id()).orElseThrow();
    assertThat(failed.err()).isEqualTo("task: non-zero exit (3)");
    assertThat(failed.containerStatus().exitCode()).isEqualTo(3);
    assertThat(failed.containerStatus().containerId()).isEqualTo(failing.id());
    assertThat(dispatcher.last(finishing.id()).orElseThrow().containerStatus().exitCode()).isZero();
    // Finished containers free runtime state, cgroups and mounts at once, but keep their logs.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(Leftovers.runcIds(data)).isEmpty();
      assertThat(Leftovers.mountsUnder(data)).isEmpty();
    });
    assertThat(worker.logs().read(failing.id(), -1)).extracting(LogEntry::line).containsExactly("about to fail\n");

    dispatcher.assign(List.of());
    awaitNothingLeft(List.of(failing, finishing));
  }

  @Test
  void desiredShutdownStopsTheContainerAndRemoveDeletesIt() {
    Task t = task(SERVE);
    dispatcher.assign(List.of(t));
    worker.start(dispatcher);
    await().atMost(WAIT).until(() -> worker.containerCount() == 1);

    dispatcher.assign(List.of(Tasks.desired(dispatcher.tasks().get(0), TaskState.SHUTDOWN)));
    await().atMost(WAIT).until(() -> dispatcher.last(t.id()).orElseThrow().state() == TaskState.SHUTDOWN);
    assertThat(Leftovers.runcIds(data)).isEmpty();
    assertThat(data.resolve("containers").resolve(t.id())).isDirectory();

    dispatcher.assign(List.of(Tasks.desired(dispatcher.tasks().get(0), TaskState.REMOVE)));
    awaitNothingLeft(List.of(t));
  }

  @Test
  void restartedWorkerAdoptsRunningContainersAndRemovesUnassignedOnes() {
    Task kept = task(SERVE);
    Task dropped = task(SERVE);
    dispatcher.assign(List.of(kept, dropped));
    worker.start(dispatcher);
    await().atMost(WAIT).until(() -> worker.containerCount() == 2);
    Map<String, Long> before = pids(worker);

    worker.close(); // the daemon goes away; its containers keep running
    worker = null;
    assertThat(Path.of("/proc", before.get(kept.id()).toString())).exists();
    assertThat(Leftovers.runcIds(data)).hasSize(2);

    dispatcher.assign(dispatcher.tasks().stream().filter(t -> t.id().equals(kept.id())).toList());
    second = new Worker(data, "node1");
    second.start(dispatcher);

    await().atMost(WAIT).until(() -> second.containerCount() == 1);
    assertThat(pids(second)).containsExactly(Map.entry(kept.id(), before.get(kept.id())));
    // Removal ends with the container's directory: runc's state and the cgroup go first, so wait for all of it.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(Leftovers.runcIds(data)).containsExactly(kept.id());
      assertThat(data.resolve("containers").resolve(dropped.id())).doesNotExist();
      assertThat(Leftovers.cgroupsOf(dropped.id())).isEmpty();
    });
    assertThat(dispatcher.reportsOf(kept.id())).extracting(TaskStatus::state).containsOnlyOnce(TaskState.STARTING);

    // The adopted container is still ours to stop.
    dispatcher.assign(List.of());
    awaitNothingLeft(List.of(kept, dropped));
  }

  @Test
  void removalInterruptedByTheDaemonsEndIsFinishedByTheNextStart() {
    Task t = task(SERVE);
    dispatcher.assign(List.of(t));
    worker.start(dispatcher);
    await().atMost(WAIT).until(() -> worker.containerCount() == 1);
    worker.close();
    worker = null;
    // The daemon died in the middle of removing the container: runc's state is gone, its directory and
    // rootfs mount are not (what "interrupted while running rm" leaves).
    Sh.run("runc --root '" + Leftovers.runcRoot(data) + "' delete --force '" + t.id() + "'");
    assertThat(data.resolve("containers").resolve(t.id())).isDirectory();

    dispatcher.assign(List.of());
    second = new Worker(data, "node1");
    second.start(dispatcher);
    awaitNothingLeft(List.of(t));
  }

  @Test
  void missingImageRejectsTheTask() {
    Task t = Tasks.assigned(Tasks.uniqueId("task"), "busybox:9", List.of("sh"));
    dispatcher.assign(List.of(t));
    worker.start(dispatcher);
    await().atMost(WAIT).until(() -> dispatcher.last(t.id()).map(s -> s.state() == TaskState.REJECTED).orElse(false));
    assertThat(dispatcher.last(t.id()).orElseThrow().err()).contains("image busybox:9 not found on this node");
  }

  @Test
  void limitsReachTheContainersCgroup() {
    Task t = Tasks.assigned(Tasks.uniqueId("task"), new ContainerSpec(image, List.of("sh", "-c", SERVE), null, null,
        null, null, null, null, null), new Resources(0L, 32L << 20, 0L));
    dispatcher.assign(List.of(t));
    worker.start(dispatcher);
    await().atMost(WAIT).until(() -> worker.containerCount() == 1);
    assertThat(Path.of("/sys/fs/cgroup/memory/swarm", t.id(), "memory.limit_in_bytes")).content()
        .isEqualToIgnoringNewLines(Long.toString(32L << 20));
  }
}
