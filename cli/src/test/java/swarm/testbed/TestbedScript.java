package swarm.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code testbed/testbed.sh}, the one place that knows the testbed's layout (namespaces, underlay bridge, addresses,
 * work dir) and how to remove all of it, also after a crash. Found from the cli module dir, the working dir of
 * Maven's test runs, so it works from any fresh clone. Stateless.
 */
final class TestbedScript {
  /**
   * Where work dirs go ({@code SWARM_TESTBED_ROOT}, passed to the script so both agree). Short on purpose: a unix
   * socket path must fit in 107 bytes.
   */
  static final Path ROOT = Path.of("/tmp");

  private TestbedScript() {}

  static Path path() {
    Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path script = moduleDir.toAbsolutePath().resolve("../testbed/testbed.sh").normalize();
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException(script + " not found or not executable (tests run from the cli module dir)");
    }
    return script;
  }

  static Path workDir(String prefix) {
    return ROOT.resolve("swarm-testbed-" + prefix);
  }

  /** Makes namespaces {@code P-h1..P-hN} and {@code P-underlay} and the work dir; daemons are the caller's. */
  static void up(String prefix, int hosts) throws IOException, InterruptedException {
    run("up", String.valueOf(hosts), "--prefix", prefix, "--no-daemons");
  }

  /** Kills what still runs in the namespaces, deletes containers, unmounts, removes namespaces and work dir. */
  static void down(String prefix) throws IOException, InterruptedException {
    run("down", "--prefix", prefix);
  }

  private static void run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(path().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("SWARM_TESTBED_ROOT", ROOT.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("testbed.sh " + String.join(" ", args) + " failed:\n" + out);
    }
  }
}
