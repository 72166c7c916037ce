package swarm.testbed;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Testbeds whose test JVM died without its teardown (SIGKILL, the OOM killer, a CI timeout): no shutdown hook ran,
 * so their daemons, containers and namespaces are still there. Each testbed made by {@link Testbed} records its
 * owner (pid and start time, so a reused pid does not count as alive); the next {@link Testbed#start()} on the
 * machine removes those whose owner is gone. Testbeds made by people with the script have no owner file and are
 * never touched. Stateless.
 */
final class AbandonedTestbeds {
  private static final String OWNER = "owner";

  private AbandonedTestbeds() {}

  /** Marks the testbed in {@code workDir} as this JVM's. */
  static void claim(Path workDir) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(workDir.resolve(OWNER), self.pid() + " " + startOf(self).orElse(Instant.EPOCH) + "\n");
  }

  /** Tears down every testbed under {@code root} whose owner JVM no longer runs; failures are reported, not thrown. */
  static void sweep(Path root) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "swarm-testbed-*")) {
      for (Path dir : dirs) {
        Path owner = dir.resolve(OWNER);
        if (Files.isRegularFile(owner) && !ownerRuns(Files.readString(owner).strip())) {
          String prefix = dir.getFileName().toString().substring("swarm-testbed-".length());
          try {
            TestbedScript.down(prefix);
          } catch (Exception e) {
            System.err.println("testbed: could not remove abandoned testbed " + prefix + ": " + e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      System.err.println("testbed: could not look for abandoned testbeds in " + root + ": " + e.getMessage());
    }
  }

  private static boolean ownerRuns(String owner) {
    String[] f = owner.split(" ");
    try {
      return ProcessHandle.of(Long.parseLong(f[0])).filter(ProcessHandle::isAlive)
          .map(h -> startOf(h).map(Instant::toString).orElse("").equals(f.length > 1 ? f[1] : "")).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
  }

  private static Optional<Instant> startOf(ProcessHandle h) {
    return h.info().startInstant();
  }
}
