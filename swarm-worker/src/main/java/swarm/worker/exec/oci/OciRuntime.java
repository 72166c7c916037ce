package swarm.worker.exec.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.net.sys.HostCommand;

/**
 * Drives an OCI runtime binary ({@code crun} where it works on this host, else {@code runc}) with
 * its state under {@code --root}. Stateless apart from the binary and root: thread-safe, every
 * call is one runtime process.
 */
public final class OciRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OciRuntime.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String binary;
  private final Path root;

  OciRuntime(String binary, Path root) {
    this.binary = binary;
    this.root = root;
  }

  /** True when a usable runtime is installed. */
  public static boolean isAvailable() {
    return HostCommand.onPath("runc") || crunWorks();
  }

  /** Why no container can run here, for a person; empty when a runtime is available. */
  public static Optional<String> unavailableReason() {
    return isAvailable() ? Optional.empty() : Optional.of("runc not found: install it with apt-get install -y runc");
  }

  /** Picks the runtime and keeps its state under {@code stateRoot}. */
  public static OciRuntime detect(Path stateRoot) {
    try {
      Files.createDirectories(stateRoot);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the runtime state dir " + stateRoot, e);
    }
    if (crunWorks()) {
      LOG.info("OCI runtime: crun (state in {})", stateRoot);
      return new OciRuntime("crun", stateRoot);
    }
    if (HostCommand.onPath("runc")) {
      LOG.info("OCI runtime: runc (state in {}){}", stateRoot,
          HostCommand.onPath("crun") ? "; crun is installed but refuses this host's hybrid cgroup v1 layout" : "");
      return new OciRuntime("runc", stateRoot);
    }
    throw SwarmException.unavailable(unavailableReason().orElseThrow());
  }

  /**
   * crun 1.8 refuses a hybrid layout (cgroup v1 controllers plus a v2 hierarchy at
   * {@code /sys/fs/cgroup/unified}): it sees the v2 mount and then cannot create its cgroups.
   * Asking it to run a container would need a rootfs, so we check the layout it trips on.
   */
  private static boolean crunWorks() {
    if (!HostCommand.onPath("crun") || !HostCommand.of("crun", "--version").run().ok()) {
      return false;
    }
    return !Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
  }

  public String binary() {
    return binary;
  }

  /**
   * {@code run --detach}: creates and starts the container, whose stdout and stderr are the given
   * files opened for appending, so output goes straight to disk and survives a daemon restart.
   *
   * @throws IllegalStateException with the runtime's message when it fails
   */
  public void run(String id, Path bundle, Path pidFile, Path stdout, Path stderr) {
    ProcessBuilder pb = new ProcessBuilder(command("run", "--detach", "--bundle", bundle.toString(), "--pid-file",
        pidFile.toString(), id))
        .redirectInput(new File("/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    try {
      long errBefore = Files.exists(stderr) ? Files.size(stderr) : 0;
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(binary + " run " + id + " did not return within 60 s");
      }
      if (p.exitValue() != 0) {
        // runc wrote its complaint into the container's stderr file; move it into the error
        // instead, since the container never ran and its log should not show runc's words.
        String said = tail(stderr, errBefore);
        try (var ch = java.nio.channels.FileChannel.open(stderr, java.nio.file.StandardOpenOption.WRITE)) {
          ch.truncate(errBefore);
        }
        throw new IllegalStateException("starting container failed: " + runtimeMessage(said));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting container " + id, e);
    }
  }

  /**
   * The part of the runtime's complaint a person needs: runc logs {@code time=... level=error msg="..."};
   * keep the innermost message ({@code exec: "/x": stat /x: no such file or directory}).
   */
  static String runtimeMessage(String said) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(said);
    String msg = null;
    while (m.find()) {
      msg = m.group(1).replace("\\\"", "\"");
    }
    if (msg == null) {
      return said.strip();
    }
    for (String noise : new String[] {"runc run failed: ", "unable to start container process: "}) {
      msg = msg.replace(noise, "");
    }
    return msg;
  }

  /**
   * {@code exec}: runs {@code argv} in the running container with the container's environment,
   * user and working dir, waiting up to {@code timeout}. On timeout the exec'd process is killed
   * by its host pid (runc would not forward our SIGKILL), then runc itself.
   */
  public swarm.worker.exec.ExecResult exec(String id, List<String> argv, java.time.Duration timeout) {
    Path out = null;
    Path pidFile = null;
    try {
      out = Files.createTempFile("swarm-exec-", ".out");
      pidFile = out.resolveSibling(out.getFileName() + ".pid");
      List<String> cmd = command("exec", "--pid-file", pidFile.toString(), id);
      cmd.addAll(argv);
      Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      boolean timedOut = !p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (timedOut) {
        killExeced(p, pidFile);
      }
      return new swarm.worker.exec.ExecResult(timedOut ? -1 : p.exitValue(), head(out, swarm.worker.exec.ExecResult.MAX_OUTPUT),
          timedOut);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary + " exec: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running a command in container " + id, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(pidFile);
    }
  }

  /**
   * Kills a timed-out exec: the process in the container by its host pid, which runc writes once the process
   * exists. On a busy host runc may not have got that far when the timeout passes, so it is given a few seconds
   * to: killing runc alone would leave the process running in the container, unwatched.
   */
  private static void killExeced(Process runc, Path pidFile) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXEC_KILL_GRACE_SECONDS);
    boolean killed = false;
    while (!killed && runc.isAlive() && System.nanoTime() < deadline) {
      killed = killByPidFile(pidFile);
      if (!killed) {
        runc.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
    if (!runc.waitFor(2, TimeUnit.SECONDS)) {
      runc.destroyForcibly();
      runc.waitFor(2, TimeUnit.SECONDS);
    }
    if (!killed) {
      killByPidFile(pidFile); // written just before runc went
    }
  }

  private static final int EXEC_KILL_GRACE_SECONDS = 5;

  private static boolean killByPidFile(Path pidFile) {
    try {
      String text = Files.readString(pidFile).strip();
      if (text.isEmpty()) {
        return false;
      }
      ProcessHandle.of(Long.parseLong(text)).ifPresent(ProcessHandle::destroyForcibly);
      return true;
    } catch (IOException | NumberFormatException e) {
      return false; // not written yet
    }
  }

  private static String head(Path file, int max) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return new String(in.readNBytes(max), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", p, e.getMessage());
      }
    }
  }

  /** Sends {@code signal} to the container's init; a container that is not running is ignored. */
  public boolean kill(String id, String signal) {
    return HostCommand.of(command("kill", id, signal)).run().ok();
  }

  /** Deletes the container's runtime state and cgroups, killing it if it still runs. */
  public void delete(String id) {
    HostCommand.Result r = HostCommand.of(command("delete", "--force", id)).run();
    if (!r.ok() && exists(id)) {
      throw new IllegalStateException(r.failure());
    }
  }

  /** The runtime's view of {@code id}; empty when it does not know the container. */
  public Optional<RuntimeState> state(String id) {
    if (!exists(id)) {
      return Optional.empty();
    }
    HostCommand.Result r = HostCommand.of(command("state", id)).run();
    if (!r.ok()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(r.stdout(), RuntimeState.class));
    } catch (IOException e) {
      throw new IllegalStateException(binary + " state " + id + " printed something that is not JSON", e);
    }
  }

  /** Every container the runtime knows under our root, for re-adoption after a restart. */
  public List<RuntimeState> list() {
    HostCommand.Result r = HostCommand.of(command("list", "--format", "json")).run().orThrow();
    String out = r.stdout().strip();
    if (out.isEmpty() || out.equals("null")) {
      return List.of();
    }
    try {
      return Arrays.asList(JSON.readValue(out, RuntimeState[].class));
    } catch (IOException e) {
      throw new IllegalStateException(binary + " list printed something that is not JSON", e);
    }
  }

  /** Ids the runtime keeps state for, read from its state dirs: no process, cheap enough for every reconcile. */
  public java.util.Set<String> ids() {
    try (var s = Files.list(root)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Cheap check without a process: the runtime keeps one state directory per container. */
  public boolean exists(String id) {
    return Files.isDirectory(root.resolve(id));
  }

  private List<String> command(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of(binary, "--root", root.toString()));
    argv.addAll(List.of(args));
    return argv;
  }

  private static String tail(Path file, long from) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int start = (int) Math.min(from, all.length);
    return new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8);
  }
}
