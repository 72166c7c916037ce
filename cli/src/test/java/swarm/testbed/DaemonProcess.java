package swarm.testbed;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node daemon in its own process ({@code swarm daemon --data-dir D --socket S}), optionally started through a
 * launcher such as {@code nsenter} that execs it, so that the process we hold is the daemon itself and
 * {@link #kill9} hits the JVM, not a wrapper. Output is appended to a log file.
 *
 * <p>Driven by one test thread; {@link #kill9} may also come from a teardown thread, hence the volatile process.
 */
public final class DaemonProcess {
  /**
   * A daemon's start (a JVM, Vert.x, Hazelcast) with several starting at once on two busy cores took over a minute
   * in a loaded run; the bound is for a daemon that never comes up, not a slow one.
   */
  private static final Duration READY = Duration.ofSeconds(180);

  private final List<String> launcher;
  private final Path dataDir;
  private final Path socket;
  private final Path log;
  private volatile Process process;

  /** {@code launcher} is prepended to the java command line; empty runs the daemon directly. */
  public DaemonProcess(List<String> launcher, Path dataDir, Path socket, Path log) {
    this.launcher = List.copyOf(launcher);
    this.dataDir = dataDir;
    this.socket = socket;
    this.log = log;
  }

  /** Starts the daemon and returns once it answers {@code swarm version}; fails with its log if it exits first. */
  public void start() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException("the daemon on " + socket + " is already running (pid " + pid() + ")");
    }
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(SwarmCommand.javaCommand());
    cmd.addAll(List.of("daemon", "--data-dir", dataDir.toString(), "--socket", socket.toString()));
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    process = p;
    await().atMost(READY).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!p.isAlive()) {
        throw new IllegalStateException("daemon exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      return Files.exists(socket) && answersVersion(socket);
    });
  }

  /**
   * True when the daemon answers {@code GET /version} on its socket with 200: asked in-process, since a CLI run per
   * poll (a JVM each) is what kept a loaded machine from seeing the daemon come up.
   */
  private static boolean answersVersion(Path socket) {
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ch.write(ByteBuffer.wrap("GET /version HTTP/1.0\r\nHost: swarm\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer head = ByteBuffer.allocate(16);
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // the status line's first bytes are enough
      }
      String status = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
      return status.startsWith("HTTP/1.") && status.startsWith(" 200", 8);
    } catch (IOException e) {
      return false;
    }
  }

  /** Like a crash: SIGKILL, no shutdown hook runs. */
  public void kill9() throws InterruptedException {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM, as an operator stops it; SIGKILL if it has not exited after 30 s. */
  public void stop() throws InterruptedException {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The daemon's pid (of the last start). */
  public long pid() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("the daemon on " + socket + " was never started");
    }
    return p.pid();
  }
}
