package swarm.worker.exec.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import swarm.net.sys.HostCommand;

/**
 * A container's root filesystem: an overlayfs of the image's shared read-only layers under the
 * container's own upper and work dirs. Stateless; the mount table is the state.
 */
public final class RootfsMount {
  private RootfsMount() {}

  /**
   * Mounts the overlay. Layers are named relative to {@code layersRoot} (mount runs there) because
   * the option string must fit in one page: absolute paths would cap an image at ~30 layers.
   *
   * @param layersLowestFirst the image's layer dirs, lowest first; overlayfs wants the top first
   */
  public static void mount(Path layersRoot, List<Path> layersLowestFirst, Path upper, Path work, Path target) {
    List<String> lower = new ArrayList<>();
    for (Path p : layersLowestFirst) {
      lower.add(layersRoot.relativize(p).toString());
    }
    Collections.reverse(lower);
    String options = "lowerdir=" + String.join(":", lower) + ",upperdir=" + upper + ",workdir=" + work;
    HostCommand.Result r = HostCommand.of("mount", "-t", "overlay", "overlay", "-o", options, target.toString())
        .in(layersRoot).run();
    if (!r.ok()) {
      throw new IllegalStateException("cannot mount the container's root filesystem: " + r.failure());
    }
  }

  public static boolean isMounted(Path target) {
    String wanted = target.toAbsolutePath().normalize().toString();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        if (f.length > 4 && unescape(f[4]).equals(wanted)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
    }
  }

  /** Unmounts if mounted; falls back to a lazy unmount when something still holds it. */
  public static void unmount(Path target) {
    if (!isMounted(target)) {
      return;
    }
    HostCommand.Result r = HostCommand.of("umount", target.toString()).run();
    if (!r.ok() && isMounted(target)) {
      HostCommand.of("umount", "-l", target.toString()).run().orThrow();
    }
  }

  /** mountinfo escapes space, tab, newline and backslash as octal. */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}
