package swarm.worker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and removes what containers of a test data dir left on the host: runtime state,
 * processes, mounts, cgroups. Used in {@code @AfterEach}, so a failing test cleans up too.
 */
public final class Leftovers {
  private static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids", "freezer", "devices", "blkio",
      "cpuset", "cpuacct", "systemd");

  private Leftovers() {}

  public static Path runcRoot(Path dataDir) {
    return dataDir.resolve("run/runc");
  }

  /** Mount points under {@code dir}. */
  public static List<String> mountsUnder(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String mp = line.split(" ")[4];
      if (mp.startsWith(dir.toString())) {
        out.add(mp);
      }
    }
    return out;
  }

  /** Cgroup dirs of container {@code id} under any v1 controller. */
  public static List<Path> cgroupsOf(String id) {
    List<Path> out = new ArrayList<>();
    for (String c : CONTROLLERS) {
      Path p = Path.of("/sys/fs/cgroup", c, "swarm", id);
      if (Files.exists(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** runc's container ids under the data dir's runtime root. */
  public static List<String> runcIds(Path dataDir) {
    String out = Sh.tryRun("runc --root '" + runcRoot(dataDir) + "' list -q 2>/dev/null").stdout();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /**
   * Kills and deletes every container of every data dir under {@code dir} (found by their
   * {@code run/runc} roots), unmounts everything, deletes {@code dir}.
   */
  public static void purge(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    List<Path> roots;
    try (var s = Files.walk(dir, 4)) {
      roots = s.filter(p -> p.endsWith("run/runc") && Files.isDirectory(p)).toList();
    }
    for (Path root : roots) {
      Path dataDir = root.getParent().getParent();
      for (String id : runcIds(dataDir)) {
        Sh.tryRun("runc --root '" + root + "' delete --force '" + id + "'");
        for (Path cg : cgroupsOf(id)) {
          Sh.tryRun("rmdir '" + cg + "'");
        }
      }
    }
    List<String> mounts = mountsUnder(dir);
    for (int i = mounts.size() - 1; i >= 0; i--) {
      Sh.tryRun("umount -l '" + mounts.get(i) + "'");
    }
    Sh.tryRun("rm -rf --one-file-system '" + dir + "'");
  }
}
