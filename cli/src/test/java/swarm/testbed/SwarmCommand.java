package swarm.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import swarm.manager.ca.NodeCertExpiry;
import java.util.concurrent.TimeUnit;

/**
 * The {@code swarm} command (CLI and node daemon) as tests run it: {@code swarm.cli.Main} in a new JVM on this JVM's
 * test classpath, so tests need no built jar. Stateless; safe from any thread.
 */
public final class SwarmCommand {
  private SwarmCommand() {}

  /** What a finished command returned and printed. */
  public record Result(int code, String out, String err) {
    public boolean ok() {
      return code == 0;
    }
  }

  /** {@code java ... swarm.cli.Main}: append the command and its arguments. Flags for a fast start (C1 only). */
  public static List<String> javaCommand() {
    // Test swarms may use node certificates of seconds, to watch them renew (production minimum: 1 h).
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-D" + NodeCertExpiry.MINIMUM_PROPERTY + "=20", "-cp",
        System.getProperty("java.class.path"), "swarm.cli.Main");
  }

  /**
   * Runs {@code swarm -H unix://SOCKET args...} in its own process, as a user would, from the root namespace (the
   * socket is a file). Output goes through files in {@code scratchDir}, so a chatty command cannot block on a pipe.
   */
  public static Result cli(Path socket, Path scratchDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.add("-H");
    cmd.add("unix://" + socket);
    cmd.addAll(List.of(args));
    return run(cmd, scratchDir, 120, "swarm " + String.join(" ", args));
  }

  /** Runs any command to its end (at most {@code timeoutSeconds}) and returns its code and output. */
  public static Result run(List<String> cmd, Path scratchDir, long timeoutSeconds, String what)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratchDir, "out", ".txt");
    Path err = Files.createTempFile(scratchDir, "err", ".txt");
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(what + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
