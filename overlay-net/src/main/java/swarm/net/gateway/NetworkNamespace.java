package swarm.net.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import swarm.net.sys.HostCommand;

/**
 * One task's network namespace, kept alive by a bind mount on {@code file} (as {@code ip netns add} does under
 * /run/netns, but inside the daemon's data directory, so that whoever cleans that directory finds it). The OCI
 * runtime joins it by path. Also names other namespaces by file ({@link #ofThisProcess}, {@code /run/netns/NAME}) to
 * run commands in them. Immutable.
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
    command(GatewayBridge.ip(), "-batch", "-").withInput(batch).run().orThrow();
  }

  /** {@code argv} to be run inside the namespace ({@code nsenter --net=FILE argv...}); not run yet. */
  public HostCommand command(String... argv) {
    List<String> all = new ArrayList<>(List.of(tool("nsenter"), "--net=" + file));
    all.addAll(List.of(argv));
    return HostCommand.of(all);
  }

  /** The namespace of this process (the host's, for a daemon): where the node's own sockets live. */
  public static NetworkNamespace ofThisProcess() {
    return new NetworkNamespace(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "ns", "net"));
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
