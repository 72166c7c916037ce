package swarm.worker.sys;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One external command (tar, mount, runc) run to completion with stdout and stderr captured, so
 * a failure can say what the tool said. Immutable; {@link #run()} may be called from any thread.
 */
public final class HostCommand {
  private static final long TIMEOUT_SECONDS = 120;
  /**
   * Drains stderr while the caller reads stdout. Not the common pool: on a 2-core host it has one
   * thread, so concurrent commands would wait for each other's drains.
   */
  private static final java.util.concurrent.ExecutorService DRAINS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "host-command-stderr");
    t.setDaemon(true);
    return t;
  });

  private final List<String> argv;
  private final Path workDir;

  private HostCommand(List<String> argv, Path workDir) {
    this.argv = List.copyOf(argv);
    this.workDir = workDir;
  }

  public static HostCommand of(String... argv) {
    return new HostCommand(List.of(argv), null);
  }

  public static HostCommand of(List<String> argv) {
    return new HostCommand(argv, null);
  }

  /** The same command run in {@code dir}; relative paths in its arguments resolve there. */
  public HostCommand in(Path dir) {
    return new HostCommand(argv, dir);
  }

  /** The finished command's exit code and output. */
  public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** What went wrong, for a person: the command and its last words. */
    public String failure() {
      String said = (stderr.isBlank() ? stdout : stderr).strip();
      return String.join(" ", argv.subList(0, Math.min(argv.size(), 3))) + " failed (exit " + exitCode + ")"
          + (said.isEmpty() ? "" : ": " + said);
    }

    public Result orThrow() {
      if (!ok()) {
        throw new IllegalStateException(failure());
      }
      return this;
    }
  }

  public Result run() {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    try {
      Process p = pb.start();
      // Drain both pipes concurrently; a chatty tool would otherwise block on a full pipe.
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()), DRAINS);
      String out = slurp(p.getInputStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(argv.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(argv, p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + argv.get(0), e);
    }
  }

  /** True when {@code name} is an executable on the PATH. */
  public static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin"));
    return dirs.stream().anyMatch(d -> new File(d, name).canExecute());
  }

  private static String slurp(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
