package swarm.testbed;

import java.io.File;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the machine must offer for tests with real daemons; each check says what is missing, for a skip message. */
public final class Requirements {
  private Requirements() {}

  /** Real containers: root, runc, and integration tests not switched off with {@code -Dswarm.it.skip=true}. */
  public static Optional<String> missingForContainers() {
    if ("true".equals(System.getProperty("swarm.it.skip"))) {
      return Optional.of("integration tests skipped (-Dswarm.it.skip=true)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("needs root");
    }
    if (!onPath("runc")) {
      return Optional.of("needs runc");
    }
    return Optional.empty();
  }

  /** A testbed: everything containers need, plus network namespaces ({@code ip netns}, nsenter, unshare). */
  public static Optional<String> missingForTestbed() {
    Optional<String> missing = missingForContainers();
    if (missing.isPresent()) {
      return missing;
    }
    for (String tool : new String[] {"ip", "nsenter", "unshare"}) {
      if (!onPath(tool)) {
        return Optional.of("needs " + tool);
      }
    }
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.of("'ip netns list' fails: network namespaces unusable here");
      }
    } catch (Exception e) {
      return Optional.of("'ip netns list' fails: " + e.getMessage());
    }
    return Optional.empty();
  }

  public static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
