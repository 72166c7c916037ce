package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import swarm.cli.client.ApiClient;
import swarm.cli.client.Query;
import swarm.core.json.Json;
import swarm.core.object.Task;

/** The reads several service commands share: a service's tasks, node hostnames by id, the nodes eligible for global tasks, typed conversion. */
final class TaskQueries {
  private TaskQueries() {}

  /** {@code GET /tasks?filters={"service":[id], ...}}; {@code desiredStates} may be empty. */
  static List<Task> tasksOf(ApiClient client, String serviceId, List<String> desiredStates) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    filters.put("service", List.of(serviceId));
    filters.put("desired-state", desiredStates);
    List<Task> tasks = new ArrayList<>();
    for (JsonNode t : client.get(Query.path("/tasks").filters(filters).toString())) {
      tasks.add(convert(t, Task.class));
    }
    return tasks;
  }

  /** Node id → hostname, for the NODE column and log prefixes. */
  static Map<String, String> nodeNames(ApiClient client) {
    Map<String, String> names = new HashMap<>();
    for (JsonNode n : client.get("/nodes")) {
      names.put(n.path("ID").asText(), n.path("Description").path("Hostname").asText(n.path("ID").asText()));
    }
    return names;
  }

  /** Ids of the nodes that run a global service's task: READY and ACTIVE (paused and drained nodes get none). */
  static Set<String> eligibleNodes(ApiClient client) {
    Set<String> ids = new TreeSet<>();
    for (JsonNode n : client.get("/nodes")) {
      if (n.path("Status").path("State").asText().equals("ready")
          && n.path("Spec").path("Availability").asText().equals("active")) {
        ids.add(n.path("ID").asText());
      }
    }
    return ids;
  }

  static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(node, type);
    } catch (Exception e) {
      throw new IllegalStateException("the swarm daemon sent a " + type.getSimpleName()
          + " this client cannot read: " + e.getMessage(), e);
    }
  }
}
