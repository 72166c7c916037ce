package swarm.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import swarm.testbed.DaemonProcess;
import swarm.testbed.DataDir;
import swarm.testbed.Mounts;
import swarm.testbed.Requirements;
import swarm.testbed.SwarmCommand;

/**
 * A real node daemon in its own process, on a temp data dir and socket, as a user runs it; plus
 * what a test needs to look at its containers from the outside (runc's own list). {@link #close}
 * removes every container, mount and directory it made, also after a failed test. The process,
 * CLI and runc plumbing is shared with the multi-host testbed ({@code swarm.testbed}).
 */
final class TestDaemon implements AutoCloseable {
  final Path dir;
  final Path dataDir;
  final Path socket;
  private final DataDir data;
  private final DaemonProcess process;

  TestDaemon() throws IOException {
    this(List.of());
  }

  /** @param launcher prepended to the daemon's command line, e.g. {@code env JAVA_TOOL_OPTIONS=-D…} */
  TestDaemon(List<String> launcher) throws IOException {
    dir = Files.createTempDirectory("swarm-e2e-");
    dataDir = dir.resolve("data");
    socket = dir.resolve("swarm.sock");
    data = new DataDir(dataDir);
    process = new DaemonProcess(launcher, dataDir, socket, dir.resolve("daemon.log"));
  }

  static boolean canRunContainers() {
    return Requirements.missingForContainers().isEmpty();
  }

  TestDaemon start() throws IOException {
    process.start();
    return this;
  }

  /**
   * Starts the daemon, makes it a one-node swarm ({@code swarm init}) and imports the busybox rootfs of
   * examples/busybox-rootfs.sh as {@code busybox:test}: where most single-host tests begin.
   */
  TestDaemon startSwarmWithBusybox() throws IOException, InterruptedException {
    start();
    Result init = cli("init");
    if (init.code() != 0) {
      throw new IllegalStateException("swarm init failed: " + init.err());
    }
    Path rootfs = dir.resolve("busybox.tar");
    if (new ProcessBuilder("../examples/busybox-rootfs.sh", rootfs.toString()).inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("examples/busybox-rootfs.sh failed");
    }
    Result imported = cli("image", "import", rootfs.toString(), "busybox:test");
    if (imported.code() != 0) {
      throw new IllegalStateException("swarm image import failed: " + imported.err());
    }
    return this;
  }

  /** Like a crash: SIGKILL, no shutdown hook runs. */
  void kill9() throws InterruptedException {
    process.kill9();
  }

  void stop() throws InterruptedException {
    process.stop();
  }

  long pid() {
    return process.pid();
  }

  static List<String> javaCommand() {
    return SwarmCommand.javaCommand();
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code swarm -H unix://SOCKET args...} in its own process, as a user would. */
  Result cli(String... args) throws IOException, InterruptedException {
    SwarmCommand.Result r = SwarmCommand.cli(socket, dir, args);
    return new Result(r.code(), r.out(), r.err());
  }

  /** Containers as runc itself sees them (id, pid, status), independent of our daemon. */
  List<JsonNode> runcContainers() throws IOException, InterruptedException {
    return data.runcContainers();
  }

  List<JsonNode> runningContainers() throws IOException, InterruptedException {
    return data.runningContainers();
  }

  /** Mount points under the data dir that are still mounted. */
  List<String> mounts() throws IOException {
    return data.mounts();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      stop();
    }
    data.deleteContainers();
    Mounts.unmountAll(dataDir);
    new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
  }
}
