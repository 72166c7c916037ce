package swarm.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import swarm.core.identity.Identity;
import swarm.core.json.Json;

/**
 * Who this node is, kept in {@code DATA/node.json} so a restarted daemon is the same node:
 * its id (Docker's 25 lowercase base-36 characters) and hostname. Immutable.
 */
public record NodeIdentity(String nodeId, String hostname) {
  /**
   * Loads the identity from {@code dataDir}, creating and saving a new one on first start.
   * {@code hostname} (when not null) names the node instead of the host's hostname, from now on.
   */
  public static NodeIdentity loadOrCreate(Path dataDir, String hostname) {
    Path file = dataDir.resolve("node.json");
    try {
      if (Files.exists(file)) {
        NodeIdentity saved = Json.read(Files.readAllBytes(file), NodeIdentity.class);
        if (hostname == null || hostname.equals(saved.hostname())) {
          return saved;
        }
        return save(file, new NodeIdentity(saved.nodeId(), hostname));
      }
      return save(file, new NodeIdentity(Identity.newId(), hostname != null ? hostname : localHostname()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /** Makes {@code id} this data dir's identity (a node is renamed by the swarm it joins). */
  public static NodeIdentity replace(Path dataDir, NodeIdentity id) {
    try {
      return save(dataDir.resolve("node.json"), id);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve("node.json"), e);
    }
  }

  private static NodeIdentity save(Path file, NodeIdentity id) throws IOException {
    Path tmp = file.resolveSibling("node.json.tmp");
    Files.write(tmp, Json.toBytes(id));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return id;
  }

  static String localHostname() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!h.isEmpty()) {
        return h;
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
