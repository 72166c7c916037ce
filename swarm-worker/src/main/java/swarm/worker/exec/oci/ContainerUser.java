package swarm.worker.exec.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import swarm.core.error.SwarmException;

/**
 * The numeric user a container runs as, resolved like Docker from {@code user[:group]} (names or
 * numbers) against the container's own {@code /etc/passwd} and {@code /etc/group}. Immutable.
 */
public record ContainerUser(int uid, int gid, String home) {
  public static final ContainerUser ROOT = new ContainerUser(0, 0, "/root");
  private static final long MAX_DB = 1 << 20;

  public static ContainerUser resolve(String spec, Path rootfs) {
    if (spec == null || spec.isEmpty()) {
      return ROOT;
    }
    String[] parts = spec.split(":", 2);
    List<String[]> passwd = database(rootfs.resolve("etc/passwd"));
    Optional<String[]> entry = passwd.stream().filter(f -> f.length >= 4 && (f[0].equals(parts[0]) || f[2].equals(parts[0])))
        .findFirst();
    int uid;
    int gid;
    String home;
    if (entry.isPresent()) {
      uid = Integer.parseInt(entry.get()[2]);
      gid = Integer.parseInt(entry.get()[3]);
      home = entry.get().length > 5 && !entry.get()[5].isEmpty() ? entry.get()[5] : "/";
    } else if (isNumber(parts[0])) {
      // Docker runs an unknown numeric uid with gid 0 and HOME=/.
      uid = Integer.parseInt(parts[0]);
      gid = 0;
      home = "/";
    } else {
      throw SwarmException.invalid("unable to find user " + parts[0] + ": no matching entries in the image's passwd file");
    }
    if (parts.length == 2) {
      gid = group(parts[1], rootfs);
    }
    return new ContainerUser(uid, gid, home);
  }

  private static int group(String group, Path rootfs) {
    if (isNumber(group)) {
      return Integer.parseInt(group);
    }
    return database(rootfs.resolve("etc/group")).stream().filter(f -> f.length >= 3 && f[0].equals(group))
        .map(f -> Integer.parseInt(f[2])).findFirst()
        .orElseThrow(() -> SwarmException.invalid("unable to find group " + group + ": no matching entries in the image's group file"));
  }

  /** Reads a colon-separated database; refuses symlinks, which would resolve on the host. */
  private static List<String[]> database(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_DB) {
        return List.of();
      }
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("#"))
          .map(l -> l.split(":", -1)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
  }
}
