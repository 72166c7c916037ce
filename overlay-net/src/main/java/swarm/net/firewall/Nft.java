package swarm.net.firewall;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import swarm.net.sys.HostCommand;

/**
 * The {@code nft} tool, in this host's network namespace or in a named one (the testbed's hosts).
 * Every script runs as one {@code nft -f -} transaction: all of it applies, or none. Immutable and
 * thread-safe; the kernel serialises transactions.
 */
public final class Nft {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The command line up to and excluding nft's own arguments; empty when nft is not installed. */
  private final Optional<List<String>> command;

  Nft(Optional<List<String>> command) {
    this.command = command;
  }

  /** nft in this process's network namespace. */
  public static Nft host() {
    return new Nft(HostCommand.locate("nft").map(p -> List.of(p.toString())));
  }

  /** nft inside the named network namespace ({@code ip netns exec NAME nft}). */
  public static Nft inNamespace(String namespace) {
    Optional<Path> ip = HostCommand.locate("ip");
    Optional<Path> nft = HostCommand.locate("nft");
    if (ip.isEmpty() || nft.isEmpty()) {
      return new Nft(Optional.empty());
    }
    return new Nft(Optional.of(List.of(ip.get().toString(), "netns", "exec", namespace, nft.get().toString())));
  }

  /**
   * nft inside the network namespace bound at {@code file} ({@code nsenter --net=FILE nft}): a task's namespace
   * kept by a bind mount, or {@code /run/netns/NAME}.
   */
  public static Nft inNamespaceFile(Path file) {
    Optional<Path> nsenter = HostCommand.locate("nsenter");
    Optional<Path> nft = HostCommand.locate("nft");
    if (nsenter.isEmpty() || nft.isEmpty()) {
      return new Nft(Optional.empty());
    }
    return new Nft(Optional.of(List.of(nsenter.get().toString(), "--net=" + file, nft.get().toString())));
  }

  /**
   * The script that replaces {@code table FAMILY NAME} with one holding {@code body} (its lines between the braces,
   * each ending in a newline), in one transaction: packets never meet a half-built table, and rules removed from
   * {@code body} are gone. The table is first declared empty so that the delete succeeds when there is none yet.
   */
  public static String replaceTable(String family, String name, String body) {
    return deleteTable(family, name) + "table " + family + " " + name + " {\n" + body + "}\n";
  }

  /**
   * The script that deletes {@code table FAMILY NAME} if there is one: declaring it empty first makes the delete
   * succeed when there is none, so removing twice is no error.
   */
  public static String deleteTable(String family, String name) {
    return "table " + family + " " + name + " {}\ndelete table " + family + " " + name + "\n";
  }

  /** False when nft is not installed: nothing can be filtered. */
  public boolean available() {
    return command.isPresent();
  }

  /**
   * Runs {@code script} as one transaction.
   *
   * @throws IllegalStateException with nft's own words when it refuses (syntax, no permission)
   */
  public void apply(String script) {
    run(List.of("-f", "-"), script);
  }

  /** {@code nft list tables}: one {@code table FAMILY NAME} line per table. */
  public List<String> listTables() {
    return run(List.of("list", "tables"), null).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private String run(List<String> args, String input) {
    List<String> argv = new ArrayList<>(command.orElseThrow(() -> new IllegalStateException(
        "nft is not installed (Debian package nftables)")));
    argv.addAll(args);
    HostCommand cmd = HostCommand.of(argv).withTimeout(TIMEOUT);
    if (input != null) {
      cmd = cmd.withInput(input);
    }
    return cmd.run().orThrow().stdout();
  }
}
