package swarm.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Mount points as the kernel lists them for this process ({@code /proc/self/mountinfo}). Stateless. */
public final class Mounts {
  private Mounts() {}

  /** Mount points at or under {@code dir} that are still mounted, deepest first. */
  public static List<String> under(Path dir) throws IOException {
    String d = dir.toString();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4].replace("\\040", " "))
        .filter(m -> m.equals(d) || m.startsWith(d + "/"))
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** Lazily unmounts everything under {@code dir}; true if nothing is left mounted there. */
  public static boolean unmountAll(Path dir) throws IOException, InterruptedException {
    for (int round = 0; round < 5; round++) {
      List<String> left = under(dir);
      if (left.isEmpty()) {
        return true;
      }
      for (String m : left) {
        new ProcessBuilder("umount", "-l", m).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
      }
    }
    return under(dir).isEmpty();
  }
}
