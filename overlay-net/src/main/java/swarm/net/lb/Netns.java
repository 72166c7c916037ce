package swarm.net.lb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import swarm.net.firewall.Nft;
import swarm.net.sys.HostCommand;

/**
 * A network namespace to program: the one this process runs in ({@link #current()}, a node's host namespace), or
 * one bound at a file ({@link #at}: a task's namespace, an overlay network's namespace, {@code /run/netns/NAME}).
 * Runs {@code ip}, {@code nft} and {@code sysctl} there. Immutable.
 *
 * @param file the namespace's bind mount, or null for this process's own namespace
 */
public record Netns(Path file) {
  /** This process's network namespace. */
  public static Netns current() {
    return new Netns(null);
  }

  /** The namespace bound at {@code file}. */
  public static Netns at(Path file) {
    return new Netns(file);
  }

  /** nft in this namespace. */
  public Nft nft() {
    return file == null ? Nft.host() : Nft.inNamespaceFile(file);
  }

  /** Runs {@code ip -batch -} here: one command per line, all or the first failure. */
  public void ip(String batch) {
    if (!batch.isBlank()) {
      HostCommand.of(argv("ip", "-batch", "-")).withInput(batch).run().orThrow();
    }
  }

  /** Runs one {@code ip} command here and returns its output ({@code -j} gives JSON). */
  public String ipOutput(String... args) {
    List<String> tail = new ArrayList<>(List.of(args));
    return HostCommand.of(argv("ip", tail.toArray(String[]::new))).run().orThrow().stdout();
  }

  /** Sets a kernel parameter of this namespace ({@code net.ipv4.ip_forward}), as {@code sysctl -w} does. */
  public void sysctl(String key, String value) {
    HostCommand.of(argv("sysctl", "-q", "-w", key + "=" + value)).run().orThrow();
  }

  /** How {@code ip link ... netns REF} names this namespace from any other. */
  public String reference() {
    return file == null ? "/proc/" + ProcessHandle.current().pid() + "/ns/net" : file.toString();
  }

  private List<String> argv(String tool, String... args) {
    List<String> argv = new ArrayList<>();
    if (file != null) {
      argv.add(locate("nsenter"));
      argv.add("--net=" + file);
    }
    argv.add(locate(tool));
    argv.addAll(List.of(args));
    return argv;
  }

  private static String locate(String tool) {
    return HostCommand.locate(tool).map(Path::toString).orElseThrow(() -> new IllegalStateException(
        tool + " is not installed (Debian packages iproute2, procps, util-linux): load balancing needs it"));
  }
}
