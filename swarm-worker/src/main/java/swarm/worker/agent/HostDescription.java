package swarm.worker.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import swarm.core.object.Node;
import swarm.core.spec.Resources;

/** Describes this host to the manager: hostname, platform and capacity. Stateless. */
public final class HostDescription {
  private HostDescription() {}

  public static Node.Description probe() {
    return probe(java.util.Map.of());
  }

  /** This host, with the daemon's engine labels ({@code swarm daemon --label K=V}). */
  public static Node.Description probe(java.util.Map<String, String> engineLabels) {
    long nanoCpus = Runtime.getRuntime().availableProcessors() * 1_000_000_000L;
    return new Node.Description(hostname(), new Node.Platform("linux", "amd64"),
        new Resources(nanoCpus, memoryBytes(), 0L), new Node.Engine(engineLabels));
  }

  static String hostname() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException e) {
      // fall through to the resolver's idea of our name
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** {@code MemTotal} of {@code /proc/meminfo}, in bytes; 0 when unreadable. */
  static long memoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // unknown capacity: the scheduler then reserves nothing against it
    }
    return 0;
  }
}
