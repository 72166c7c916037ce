package swarm.cli.node;

import java.io.PrintWriter;
import java.util.List;
import swarm.cli.client.ApiClient;
import swarm.cli.client.EachTarget;

/**
 * {@code node promote} and {@code node demote}: sets each node's role, with docker's lines ("Node X promoted to a
 * manager in the swarm." / "Manager X demoted in the swarm.", or "Node X is already a manager."); warnings go to
 * stderr; failures are collected and reported once at the end.
 */
final class NodeRole {
  private NodeRole() {}

  static void change(ApiClient client, PrintWriter out, PrintWriter err, List<String> nodes, String role) {
    EachTarget.run(nodes, node -> {
      boolean[] changed = {false};
      List<String> warnings = NodeSpecs.update(client, node, spec -> {
        if (role.equals(spec.path("Role").asText())) {
          out.println("Node " + node + " is already a " + role + ".");
          return false;
        }
        spec.put("Role", role);
        changed[0] = true;
        return true;
      });
      if (changed[0]) {
        out.println(role.equals("manager") ? "Node " + node + " promoted to a manager in the swarm."
            : "Manager " + node + " demoted in the swarm.");
      }
      warnings.forEach(w -> err.println("warning: " + w));
    }, out, err);
  }
}
