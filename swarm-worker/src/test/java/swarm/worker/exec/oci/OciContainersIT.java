package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.Resources;
import swarm.worker.exec.ExitStatus;
import swarm.worker.logs.LogEntry;
import swarm.worker.testing.BusyboxImage;
import swarm.worker.testing.Leftovers;
import swarm.worker.testing.OciDataDir;
import swarm.worker.testing.Tasks;

/** Real containers with runc: isolation, limits, logs, exit codes, stop and clean removal. */
class OciContainersIT {
  private OciDataDir oci;

  @BeforeEach
  void setUp() throws IOException {
    oci = OciDataDir.create("swarm-oci-it");
    oci.images.importRootfs(BusyboxImage.rootfsTar(oci.work), "busybox:test");
  }

  @AfterEach
  void tearDown() throws IOException {
    if (oci != null) {
      oci.close();
    }
  }

  private Task run(String script) {
    return run(script, Resources.NONE);
  }

  private Task run(String script, Resources limits) {
    Task t = Tasks.assigned(Tasks.uniqueId("it"), new ContainerSpec("busybox:test", List.of("sh", "-c", script),
        null, List.of("GREETING=hello"), null, null, null, null, null), limits);
    oci.containers.prepare(t);
    oci.containers.start(t.id());
    return t;
  }

  private ExitStatus exitOf(Task t) throws Exception {
    return oci.containers.exit(t.id()).get(20, TimeUnit.SECONDS);
  }

  @Test
  void stdoutAndStderrBecomeJsonLinesLogs() throws Exception {
    Task t = run("echo $GREETING from stdout; echo oops >&2");
    assertThat(exitOf(t).exitCode()).isZero();
    List<LogEntry> entries = oci.logs.read(t.id(), -1);
    assertThat(entries).extracting(LogEntry::stream, LogEntry::line).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("stdout", "hello from stdout\n"),
        org.assertj.core.groups.Tuple.tuple("stderr", "oops\n"));
    assertThat(Files.readString(oci.containers.dir(t.id()).dir().resolve("container.log")))
        .contains("{\"log\":\"hello from stdout\\n\",\"stream\":\"stdout\",\"time\":\"");
  }

  @Test
  void containerHasItsOwnPidNamespaceAndItsCgroupLimits() throws Exception {
    Task t = run("echo $$; exec sleep 30", new Resources(500_000_000L, 64L << 20, 50L));
    await().until(() -> !oci.logs.read(t.id(), -1).isEmpty());
    assertThat(oci.logs.read(t.id(), -1).get(0).line()).isEqualTo("1\n");
    Path memory = Path.of("/sys/fs/cgroup/memory/swarm", t.id());
    assertThat(Files.readString(memory.resolve("memory.limit_in_bytes")).strip()).isEqualTo(Long.toString(64L << 20));
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu/swarm", t.id(), "cpu.cfs_quota_us")).strip()).isEqualTo("50000");
    assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids/swarm", t.id(), "pids.max")).strip()).isEqualTo("50");
    long pid = oci.containers.startedPid(t.id()).orElseThrow();
    assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns/pid")))
        .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));
    oci.containers.stop(t.id(), "SIGTERM", Duration.ofSeconds(1));
  }

  @Test
  void exitCodeIsReportedAsTheProcessEnded() throws Exception {
    Task t = run("exit 3");
    ExitStatus s = exitOf(t);
    assertThat(s.exitCode()).isEqualTo(3);
    assertThat(s.message()).isEqualTo("task: non-zero exit (3)");
  }

  @Test
  void processIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
    Task t = run("trap '' TERM; while true; do sleep 0.2; done");
    await().until(() -> Leftovers.cgroupsOf(t.id()).size() > 0);
    long begin = System.nanoTime();
    oci.containers.stop(t.id(), "SIGTERM", Duration.ofMillis(1500));
    long tookMillis = (System.nanoTime() - begin) / 1_000_000;
    assertThat(tookMillis).isBetween(1400L, 8000L);
    assertThat(exitOf(t).exitCode()).isEqualTo(128 + 9);
  }

  @Test
  void processHandlingSigtermStopsWithoutWaitingForTheGrace() throws Exception {
    Task t = run("trap 'echo bye; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
    await().until(() -> !oci.logs.read(t.id(), -1).isEmpty());
    long begin = System.nanoTime();
    oci.containers.stop(t.id(), "SIGTERM", Duration.ofSeconds(20));
    assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(5000L);
    assertThat(exitOf(t).exitCode()).isZero();
    assertThat(oci.logs.read(t.id(), -1)).extracting(LogEntry::line).containsExactly("ready\n", "bye\n");
  }

  @Test
  void stopAndRemoveLeaveNothingBehind() throws Exception {
    Task t = run("exec sleep 100");
    long pid = oci.containers.startedPid(t.id()).orElseThrow();
    assertThat(Leftovers.runcIds(oci.data)).contains(t.id());
    assertThat(Leftovers.mountsUnder(oci.data)).hasSize(1);

    oci.containers.stop(t.id(), "SIGTERM", Duration.ofSeconds(2));
    oci.containers.remove(t.id());

    assertThat(Leftovers.runcIds(oci.data)).doesNotContain(t.id());
    assertThat(Leftovers.mountsUnder(oci.data)).isEmpty();
    assertThat(Leftovers.cgroupsOf(t.id())).isEmpty();
    assertThat(Path.of("/proc", Long.toString(pid))).doesNotExist();
    assertThat(oci.containers.dir(t.id()).dir()).doesNotExist();
    assertThat(oci.containers.list()).isEmpty();
  }

  @Test
  void missingImageFailsPrepareWithAClearMessage() throws IOException {
    Task t = Tasks.assigned(Tasks.uniqueId("it"), "busybox:9", List.of("sh"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> oci.containers.prepare(t))
        .hasMessageContaining("image busybox:9 not found on this node");
    assertThat(Leftovers.mountsUnder(oci.data)).isEmpty();
  }
}
