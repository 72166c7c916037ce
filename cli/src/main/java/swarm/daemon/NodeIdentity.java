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
  /** Loads the identity from {@code dataDir}, creating and saving a new one on first start. */
  public static NodeIdentity loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve("node.json");
    try {
      if (Files.exists(file)) {
        return Json.read(Files.readAllBytes(file), NodeIdentity.class);
      }
      NodeIdentity id = new NodeIdentity(Identity.newId(), localHostname());
      Path tmp = file.resolveSibling("node.json.tmp");
      Files.write(tmp, Json.toBytes(id));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
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
