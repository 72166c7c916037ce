package swarm.worker.exec.oci;

import java.nio.file.Path;
import java.util.regex.Pattern;
import swarm.core.error.SwarmException;

/**
 * The files of one container under {@code <dataDir>/containers/<id>/}: the bundle
 * ({@code config.json}, {@code rootfs/} over {@code upper/} and {@code work/}), the raw output
 * files the container writes to, the init pid, and the task it runs. Immutable.
 */
public record ContainerDir(String id, Path dir) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  public static ContainerDir of(Path containersDir, String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw SwarmException.invalid("invalid container id '" + id + "': use letters, digits, '_', '.' or '-'");
    }
    return new ContainerDir(id, containersDir.resolve(id));
  }

  public Path config() {
    return dir.resolve("config.json");
  }

  public Path rootfs() {
    return dir.resolve("rootfs");
  }

  public Path upper() {
    return dir.resolve("upper");
  }

  public Path work() {
    return dir.resolve("work");
  }

  public Path stdout() {
    return dir.resolve("stdout.raw");
  }

  public Path stderr() {
    return dir.resolve("stderr.raw");
  }

  /** Written by the runtime once the container started: its presence means "started". */
  public Path pidFile() {
    return dir.resolve("init.pid");
  }

  /** The init's start time, to tell it from a later process reusing the pid. */
  public Path startTimeFile() {
    return dir.resolve("init.start");
  }

  public Path task() {
    return dir.resolve("task.json");
  }

  public Path hosts() {
    return dir.resolve("hosts");
  }

  /** The container's {@code /etc/resolv.conf}, when it is on an overlay network. */
  public Path resolvConf() {
    return dir.resolve("resolv.conf");
  }

  public Path hostname() {
    return dir.resolve("hostname");
  }
}
