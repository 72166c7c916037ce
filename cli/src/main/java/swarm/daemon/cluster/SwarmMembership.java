package swarm.daemon.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import swarm.core.json.Json;
import swarm.core.object.Node;

/**
 * What a node remembers of its swarm across restarts ({@code DATA/swarm.json}): the cluster, its
 * own role, where it advertises and listens, and the managers it last knew (a worker reconnects to
 * them). The certificates are in {@code DATA/certs}; a manager's state is in its Raft log.
 */
public record SwarmMembership(String clusterId, Node.Role role, String advertiseAddr, String listenAddr,
                              List<String> managers) {
  public SwarmMembership {
    managers = managers == null ? List.of() : List.copyOf(managers);
  }

  private static Path file(Path dataDir) {
    return dataDir.resolve("swarm.json");
  }

  public static Optional<SwarmMembership> load(Path dataDir) {
    Path f = file(dataDir);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readAllBytes(f), SwarmMembership.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  public void save(Path dataDir) {
    Path f = file(dataDir);
    try {
      Path tmp = f.resolveSibling("swarm.json.tmp");
      Files.write(tmp, Json.toBytes(this));
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }

  public static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(file(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ClusterAddress listen() {
    return ClusterAddress.parse("--listen-addr", listenAddr, "0.0.0.0");
  }
}
