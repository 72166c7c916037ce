package swarm.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Docker's "To add a worker to this swarm, run the following command:" text, and the address it names. */
final class JoinHint {
  /** The cluster port when the daemon names only an address ({@code swarm init --listen-addr}'s default). */
  static final int CLUSTER_PORT = 2377;

  private JoinHint() {}

  /**
   * Where joining hosts reach this manager: its entry in {@code /info}'s {@code Swarm.RemoteManagers}, else
   * {@code Swarm.NodeAddr} with the cluster port.
   */
  static String address(JsonNode info) {
    JsonNode swarm = info.path("Swarm");
    String self = swarm.path("NodeID").asText();
    for (JsonNode m : swarm.path("RemoteManagers")) {
      if (m.path("NodeID").asText().equals(self) && !m.path("Addr").asText().isEmpty()) {
        return m.path("Addr").asText();
      }
    }
    String addr = swarm.path("NodeAddr").asText();
    return hasPort(addr) ? addr : addr + ":" + CLUSTER_PORT;
  }

  /** {@code host:port} or {@code [v6]:port}; a bare IPv6 address has several colons and no port. */
  static boolean hasPort(String addr) {
    if (addr.startsWith("[")) {
      return addr.matches("\\[.*]:\\d+");
    }
    int colon = addr.indexOf(':');
    return colon >= 0 && colon == addr.lastIndexOf(':');
  }

  static void print(PrintWriter out, String role, String token, String addr) {
    out.println("To add a " + role + " to this swarm, run the following command:");
    out.println();
    out.println("    swarm join --token " + token + " " + addr);
    out.println();
  }
}
