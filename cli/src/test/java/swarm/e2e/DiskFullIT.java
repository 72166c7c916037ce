package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.manager.raft.LogDisk;

/**
 * A manager whose data dir's filesystem fills up: writes are refused with "disk full" (not "no quorum"),
 * {@code swarm info} says so, and once space is back the swarm takes writes again, without a restart, and
 * nothing acknowledged before is lost. The data dir is a small tmpfs of the test's own.
 */
class DiskFullIT {
  private static final String BIG = "x".repeat(30_000);
  private TestDaemon daemon;

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null) {
      daemon.close(); // its rm stays on its own filesystem: the tmpfs goes here
      sh("sh", "-c", "umount -l '" + daemon.dataDir + "' 2>/dev/null; rm -rf --one-file-system '" + daemon.dir + "'");
    }
  }

  private TestDaemon startOnTmpfs(List<String> launcher) throws Exception {
    assumeTrue(TestDaemon.canRunContainers(), "needs root and runc");
    daemon = new TestDaemon(launcher);
    Files.createDirectories(daemon.dataDir);
    sh("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", daemon.dataDir.toString());
    daemon.startSwarmWithBusybox();
    assertThat(daemon.cli("service", "create", "--detach", "--name", "web", "--constraint", "node.labels.nosuch==x",
        "busybox:test", "sleep", "3600").code()).isZero();
    return daemon;
  }

  private Path fill() throws Exception {
    Path fill = daemon.dataDir.resolve("fill");
    sh("sh", "-c", "dd if=/dev/zero of='" + fill + "' bs=1M count=100 2>/dev/null || true");
    return fill;
  }

  @Test
  void writesAreRefusedAsDiskFullAndResumeOnceSpaceIsBack() throws Exception {
    startOnTmpfs(List.of());
    Path fill = fill();

    TestDaemon.Result refused = daemon.cli("service", "create", "--detach", "--name", "api", "busybox:test", "true");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).startsWith("error: disk full: ").contains(daemon.dataDir.resolve("raft").toString())
        .doesNotContain("quorum").doesNotContain("Exception");
    assertThat(daemon.cli("info").out()).contains("Error: disk full");
    assertThat(daemon.cli("node", "ls").out()).contains("Leader (disk full)");

    Files.delete(fill);
    assertThat(daemon.cli("service", "create", "--detach", "--name", "api", "busybox:test", "true").code()).isZero();
    assertThat(daemon.cli("info").out()).doesNotContain("Error:");
  }

  @Test
  void aRaftLogClosedByAFullDiskIsStartedAgainOnceSpaceIsBack() throws Exception {
    // No reserve: Ratis itself meets the full disk and closes its log, as when another program fills it at once.
    startOnTmpfs(List.of("env", "JAVA_TOOL_OPTIONS=-D" + LogDisk.RESERVE_PROPERTY + "=0"));
    Path fill = fill();
    List<String> acknowledged = new ArrayList<>();
    TestDaemon.Result failed = null;
    for (int i = 0; i < 40 && failed == null; i++) {
      TestDaemon.Result r = daemon.cli("service", "update", "--detach", "--env-add", "V" + i + "=" + BIG, "web");
      if (r.code() == 0) {
        acknowledged.add("V" + i);
      } else {
        failed = r;
      }
    }
    assertThat(failed).as("a write fails once the disk is full").isNotNull();
    assertThat(failed.err()).doesNotContain("Exception");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(daemon.cli("info").out()).contains("Error: raft stopped: the Raft server stopped"));
    assertThat(daemon.cli("node", "ls").out()).contains("(raft stopped)");

    Files.delete(fill);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() ->
        daemon.cli("service", "update", "--detach", "--env-add", "AFTER=1", "web").code() == 0);
    String env = daemon.cli("service", "inspect", "web").out();
    for (String name : acknowledged) {
      assertThat(env).as("acknowledged before the disk filled up").contains("\"" + name + "=");
    }
    assertThat(env).contains("\"AFTER=1\"");
    assertThat(daemon.cli("info").out()).doesNotContain("Error:");
  }

  private static void sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }
}
