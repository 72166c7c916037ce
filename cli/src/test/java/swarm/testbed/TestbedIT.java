package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testbed itself: hosts with daemons, an underlay they share, partitions, and a teardown that leaves nothing. */
class TestbedIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(3);

  @Test
  void everyHostRunsItsOwnDaemonUnderItsOwnName() throws Exception {
    assertThat(testbed.hosts()).hasSize(3);
    assertThat(testbed.hosts().stream().map(Host::ip).distinct()).hasSize(3);
    for (Host h : testbed.hosts()) {
      SwarmCommand.Result version = ok(h.cli("version"));
      assertThat(version.out()).isNotBlank();
      assertThat(ok(h.cli("info")).out()).as("node name of %s", h).contains(h.namespace());
    }
  }

  @Test
  void hostsReachEachOtherOverTheUnderlayUntilOneIsCutOff() throws Exception {
    Host h1 = testbed.host(1);
    Host h2 = testbed.host(2);
    Host h3 = testbed.host(3);
    assertThat(h1.canReach(h2.ip())).as("h1 -> h2").isTrue();
    assertThat(h2.canReach(h3.ip())).as("h2 -> h3").isTrue();

    h2.cutOff();
    try {
      assertThat(h1.canReach(h2.ip())).as("h1 -> h2 while h2 is cut off").isFalse();
      assertThat(h2.canReach(h3.ip())).as("h2 -> h3 while h2 is cut off").isFalse();
      assertThat(h1.canReach(h3.ip())).as("h1 -> h3 while h2 is cut off").isTrue();
      assertThat(h2.cli("version").ok()).as("h2's daemon still answers locally").isTrue();
    } finally {
      h2.reconnect();
    }
    await().atMost(WAIT).until(() -> h1.canReach(h2.ip()) && h2.canReach(h3.ip()));
  }

  @Test
  void teardownLeavesNoNamespaceProcessMountCgroupOrDirectory() throws Exception {
    Testbed own = Testbed.hosts(2).start();
    Path workDir = own.workDir();
    String prefix = own.prefix();
    JsonNode container;
    try {
      Host h1 = own.host(1);
      ok(h1.cli("init", "--advertise-addr", h1.ip()));
      Path rootfs = h1.dir().resolve("busybox.tar");
      Path script = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "..", "examples",
          "busybox-rootfs.sh").normalize();
      assertThat(new ProcessBuilder(script.toString(), rootfs.toString()).inheritIO().start().waitFor()).isZero();
      ok(h1.cli("image", "import", rootfs.toString(), "busybox:test"));
      ok(h1.cli("service", "create", "--name", "sleeper", "busybox:test", "sleep", "3600"));
      container = h1.runningContainers().get(0);
      assertThat(h1.mounts()).isNotEmpty();
      h1.kill9(); // a crashed daemon: its container, mounts and cgroups stay behind for the teardown
    } catch (Exception | Error e) {
      own.close();
      throw e;
    }
    assertThat(namespaces()).anyMatch(n -> n.startsWith(prefix + "-"));

    own.close();
    own.close(); // idempotent

    assertThat(namespaces()).noneMatch(n -> n.startsWith(prefix + "-"));
    assertThat(processesMentioning(workDir.toString())).isEmpty();
    assertThat(Mounts.under(workDir)).isEmpty();
    assertThat(workDir).doesNotExist();
    // SIGKILLed by runc; reaping it is up to whichever process inherited it when the daemon died.
    await().atMost(WAIT).until(() -> exitedOrZombie(container.path("pid").asText()));
    try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
      assertThat(controllers.map(c -> c.resolve("swarm").resolve(container.path("id").asText())))
          .allMatch(Files::notExists);
    }
  }

  private static SwarmCommand.Result ok(SwarmCommand.Result r) {
    assertThat(r.code()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isZero();
    return r;
  }

  private static List<String> namespaces() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    return out.lines().map(l -> l.split(" ")[0]).toList();
  }

  private static boolean exitedOrZombie(String pid) {
    try {
      return Files.readAllLines(Path.of("/proc", pid, "status")).stream().anyMatch(l -> l.matches("State:\\s+Z.*"));
    } catch (IOException gone) {
      return true;
    }
  }

  /** Pids of processes whose command line names the path (a daemon's --data-dir, a container's bundle). */
  private static List<String> processesMentioning(String path) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
        try {
          return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').contains(path);
        } catch (IOException gone) {
          return false;
        }
      }).map(p -> p.getFileName().toString()).toList();
    }
  }
}
