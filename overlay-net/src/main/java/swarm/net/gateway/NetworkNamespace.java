package swarm.net.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import swarm.net.sys.HostCommand;

/**
 * One task's network namespace, kept alive by a bind mount on {@code file} (as {@code ip netns add} does under
 * /run/netns, but inside the daemon's data directory, so that whoever cleans that directory finds it). The OCI
 * runtime joins it by path. Immutable.
 */
public record NetworkNamespace(Path file) {
  /** A new, empty namespace (loopback only, down) bound to {@code file}. */
  public static NetworkNamespace create(Path file) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
    HostCommand.of(tool("unshare"), "--net=" + file, "true").run().orThrow();
    return new NetworkNamespace(file);
  }

  /** True while the namespace exists: its file is a mount of the nsfs (after a reboot it is an empty file). */
  public boolean exists() {
    return HostCommand.of(tool("findmnt"), "--noheadings", "--mountpoint", file.toString()).run().ok();
  }

  /** Runs {@code ip -batch -} inside the namespace: one command per line. */
  public void ip(String batch) {
    HostCommand.of(tool("nsenter"), "--net=" + file, GatewayBridge.ip(), "-batch", "-").withInput(batch).run()
        .orThrow();
  }

  /** Ends the namespace (its devices go with it once no process is left in it) and removes the file. */
  public void delete() {
    if (exists()) {
      HostCommand.of(tool("umount"), file.toString()).run().orThrow();
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }

  private static String tool(String name) {
    return HostCommand.locate(name).map(Path::toString).orElseThrow(() -> new IllegalStateException(
        name + " is not installed (Debian package util-linux)"));
  }
}
