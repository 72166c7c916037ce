package swarm.net.sys;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One external command ({@code nft -f -}, {@code ip ...}) run to completion with stdout and stderr
 * captured, so a failure can say what the tool said. Immutable; {@link #run()} may be called from
 * any thread.
 *
 * <p>Same shape as {@code swarm.worker.sys.HostCommand} (which overlay-net cannot see), plus
 * {@link #withInput(String)} for tools that read a script on stdin and a per-command timeout.
 */
public final class HostCommand {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  /**
   * Feeds stdin and drains stderr while the caller reads stdout. Not the common pool: on a 2-core
   * host it has one thread, so concurrent commands would wait for each other.
   */
  private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "host-command-pipe");
    t.setDaemon(true);
    return t;
  });

  private final List<String> argv;
  private final Path workDir;
  private final String input;
  private final Duration timeout;

  private HostCommand(List<String> argv, Path workDir, String input, Duration timeout) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program name");
    }
    this.argv = List.copyOf(argv);
    this.workDir = workDir;
    this.input = input;
    this.timeout = timeout;
  }

  public static HostCommand of(String... argv) {
    return of(List.of(argv));
  }

  public static HostCommand of(List<String> argv) {
    return new HostCommand(argv, null, null, DEFAULT_TIMEOUT);
  }

  /** The same command run in {@code dir}; relative paths in its arguments resolve there. */
  public HostCommand in(Path dir) {
    return new HostCommand(argv, dir, input, timeout);
  }

  /** The same command with {@code text} (UTF-8) on its standard input instead of /dev/null. */
  public HostCommand withInput(String text) {
    return new HostCommand(argv, workDir, text, timeout);
  }

  /** The same command, killed and reported as failed when it runs longer than {@code limit}. */
  public HostCommand withTimeout(Duration limit) {
    return new HostCommand(argv, workDir, input, limit);
  }

  public List<String> argv() {
    return argv;
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
    ProcessBuilder pb = new ProcessBuilder(argv);
    if (input == null) {
      pb.redirectInput(new File("/dev/null"));
    }
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    try {
      Process p = pb.start();
      CompletableFuture<Void> fed = input == null
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.runAsync(() -> feed(p.getOutputStream(), input), PIPES);
      // Drain both pipes concurrently; a chatty tool would otherwise block on a full pipe.
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()), PIPES);
      String out = slurp(p.getInputStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(argv.get(0) + " did not finish within " + timeout.toSeconds() + " s");
      }
      fed.join();
      return new Result(argv, p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + argv.get(0), e);
    }
  }

  /** True when {@code name} is an executable on the PATH (or in /usr/sbin, /sbin). */
  public static boolean onPath(String name) {
    return locate(name).isPresent();
  }

  /**
   * Where the executable {@code name} is: the PATH, then /usr/sbin and /sbin, which a daemon
   * started from a user's shell often lacks in its PATH although root's tools live there.
   */
  public static Optional<Path> locate(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin"));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(f -> f.toFile().canExecute())
        .findFirst();
  }

  private static void feed(OutputStream in, String text) {
    try (in) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The tool exited without reading all of its input; its exit code and stderr say why.
    }
  }

  private static String slurp(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
