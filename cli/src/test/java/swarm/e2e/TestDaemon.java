package swarm.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import swarm.core.json.Json;

/**
 * A real node daemon in its own process, on a temp data dir and socket, as a user runs it; plus
 * what a test needs to look at its containers from the outside (runc's own list). {@link #close}
 * removes every container, mount and directory it made, also after a failed test.
 */
final class TestDaemon implements AutoCloseable {
  final Path dir;
  final Path dataDir;
  final Path socket;
  private Process process;

  TestDaemon() throws IOException {
    dir = Files.createTempDirectory("swarm-e2e-");
    dataDir = dir.resolve("data");
    socket = dir.resolve("swarm.sock");
  }

  static boolean canRunContainers() {
    boolean runc = new File("/usr/sbin/runc").canExecute() || new File("/usr/bin/runc").canExecute();
    return runc && !"true".equals(System.getProperty("swarm.it.skip")) && "root".equals(System.getProperty("user.name"));
  }

  TestDaemon start() throws IOException {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(List.of("daemon", "--data-dir", dataDir.toString(), "--socket", socket.toString()));
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile())).start();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("daemon exited: " + Files.readString(dir.resolve("daemon.log")));
      }
      return Files.exists(socket) && cli("version").code() == 0;
    });
    return this;
  }

  /** Like a crash: SIGKILL, no shutdown hook runs. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  long pid() {
    return process.pid();
  }

  static List<String> javaCommand() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "swarm.cli.Main");
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code swarm -H unix://SOCKET args...} in its own process, as a user would. */
  Result cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.add("-H");
    cmd.add("unix://" + socket);
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("swarm " + String.join(" ", args) + " did not finish in 120 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /**
   * Containers as runc itself sees them (id, pid, status), independent of our daemon. runc's list
   * can fail while a container is being deleted under it; then ask again.
   */
  List<JsonNode> runcContainers() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Process p = new ProcessBuilder("runc", "--root", dataDir.resolve("run/runc").toString(), "list", "--format",
          "json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String text = new String(p.getInputStream().readAllBytes());
      int code = p.waitFor();
      List<JsonNode> out = new ArrayList<>();
      if (code == 0 && (text.isBlank() || text.trim().equals("null"))) {
        return out;
      }
      try {
        if (code == 0) {
          Json.MAPPER.readTree(text).forEach(out::add);
          return out;
        }
      } catch (IOException e) {
        // a partial listing: try again
      }
      if (attempt == 10) {
        throw new IllegalStateException("runc list keeps failing: " + text);
      }
      Thread.sleep(100);
    }
  }

  List<JsonNode> runningContainers() throws IOException, InterruptedException {
    return runcContainers().stream().filter(c -> "running".equals(c.path("status").asText())).toList();
  }

  /** Mount points under the data dir that are still mounted. */
  List<String> mounts() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
        .filter(m -> m.startsWith(dataDir.toString())).toList();
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      stop();
    }
    for (JsonNode c : runcContainers()) {
      new ProcessBuilder("runc", "--root", dataDir.resolve("run/runc").toString(), "delete", "--force",
          c.path("id").asText()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
    for (String m : mounts()) {
      new ProcessBuilder("umount", "-l", m).start().waitFor(10, TimeUnit.SECONDS);
    }
    new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
  }
}
