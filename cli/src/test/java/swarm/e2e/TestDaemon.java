package swarm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import swarm.cli.client.ApiClient;
import swarm.cli.client.DaemonAddress;
import swarm.testbed.DaemonProcess;
import swarm.testbed.DataDir;
import swarm.testbed.Mounts;
import swarm.testbed.Requirements;
import swarm.testbed.SwarmCommand;

/**
 * A real node daemon in its own process, on a temp data dir and socket, as a user runs it; plus
 * what a test needs to look at its containers from the outside (runc's own list). {@link #close}
 * removes every container, mount and directory it made, also after a failed test. The process,
 * CLI and runc plumbing is shared with the multi-host testbed ({@code swarm.testbed}). One test uses it at a time;
 * {@link #api} may first be called from Awaitility's poll thread, hence its lock.
 */
final class TestDaemon implements AutoCloseable {
  final Path dir;
  final Path dataDir;
  final Path socket;
  private final DataDir data;
  private final DaemonProcess process;
  private ApiClient api;

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

  /**
   * A new daemon, already a one-node swarm with {@code busybox:test} ({@link #startSwarmWithBusybox}); skips the
   * calling test (an assumption) where containers cannot run. A daemon that fails to start is closed again.
   */
  static TestDaemon startSwarmWithBusyboxOrSkip() throws Exception {
    assumeTrue(canRunContainers(), "needs root and runc");
    TestDaemon daemon = new TestDaemon();
    try {
      return daemon.startSwarmWithBusybox();
    } catch (Exception e) {
      try {
        daemon.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
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

  /** Runs {@code swarm args...}, which must succeed (exit code 0); the failure shows the command and its output. */
  Result ok(String... args) throws IOException, InterruptedException {
    Result r = cli(args);
    assertThat(r.code()).as("swarm %s\nstdout: %s\nstderr: %s", String.join(" ", args), r.out(), r.err()).isZero();
    return r;
  }

  /**
   * Runs {@code swarm args...}, which must be refused as a user should see it: exit code 1, a message starting with
   * {@code error: } that names {@code expected} (in any case), no stack trace, and {@code service ls} the same
   * before and after. Returns the result, for what a test checks besides.
   */
  Result refused(String expected, String... args) throws IOException, InterruptedException {
    String before = cli("service", "ls").out();
    Result r = cli(args);
    assertThat(r.code()).as("exit code of swarm %s\nstderr: %s", String.join(" ", args), r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").containsIgnoringCase(expected).doesNotContain("Exception");
    assertThat(cli("service", "ls").out()).isEqualTo(before);
    return r;
  }

  /** The daemon's API as the CLI's own client reaches it; opened on first use, closed by {@link #close}. */
  synchronized ApiClient api() {
    if (api == null) {
      api = ApiClient.open(DaemonAddress.parse("unix://" + socket));
    }
    return api;
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

  /**
   * A stopped daemon leaves the routing mesh's and the published ports' tables and the gateway bridge in place
   * (published ports keep working across a restart), and this daemon ran in the host's own network namespace: the
   * next test starts from a host without them.
   */
  private static void deleteHostNetworking() throws IOException, InterruptedException {
    for (List<String> cmd : List.of(List.of("nft", "delete", "table", "ip", "swarm_ingress"),
        List.of("nft", "delete", "table", "ip", "swarm_ports"), List.of("ip", "link", "del", "swarm_gwbridge"))) {
      new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The daemon's log outlives its temp dir in {@code target/daemon-logs}, to read after a failed run. */
  private void keepLog() {
    try {
      Path logs = Files.createDirectories(Path.of("target", "daemon-logs"));
      Files.copy(dir.resolve("daemon.log"), logs.resolve(dir.getFileName() + ".log"));
    } catch (IOException e) {
      // no log to keep (the daemon never started) or no target dir: nothing a test relies on
    }
  }

  @Override
  public void close() throws Exception {
    ApiClient client;
    synchronized (this) {
      client = api;
      api = null;
    }
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (process.isAlive()) {
        stop();
      }
      data.deleteContainers();
      Mounts.unmountAll(dataDir);
      deleteHostNetworking();
      keepLog();
      new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }
  }
}
