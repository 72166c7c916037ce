package swarm.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import swarm.cli.client.ApiClient;
import swarm.cli.client.Query;
import swarm.core.json.Json;

/** Read a node's spec, change it, send it back based on the version read: what every node-changing command does. */
final class NodeSpecs {
  private NodeSpecs() {}

  /** Changes a node spec in place; false means "already so: send nothing". */
  @FunctionalInterface
  interface Change {
    boolean apply(ObjectNode spec);
  }

  /** @return the daemon's warnings; empty when {@code change} said nothing was to be sent */
  static List<String> update(ApiClient client, String node, Change change) {
    JsonNode current = client.get("/nodes/" + Query.segment(node));
    ObjectNode spec = current.path("Spec").isObject() ? (ObjectNode) current.path("Spec").deepCopy()
        : Json.MAPPER.createObjectNode();
    if (!change.apply(spec)) {
      return List.of();
    }
    String id = current.path("ID").asText();
    long version = current.path("Version").path("Index").asLong();
    JsonNode answer = client.post(Query.path("/nodes/" + Query.segment(id) + "/update").param("version", version)
        .toString(), spec);
    List<String> warnings = new ArrayList<>();
    answer.path("Warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }
}
