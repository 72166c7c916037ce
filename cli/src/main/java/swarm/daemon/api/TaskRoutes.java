package swarm.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.daemon.NodeRuntime;

/**
 * {@code GET /tasks} with Docker's filters (service, node, desired-state, id, name, and {@code _up-to-date}: the
 * tasks that run their service's current spec, which docker's CLI asks for to follow an update) and
 * {@code GET /tasks/{id}}.
 */
final class TaskRoutes implements Routes {
  private final NodeRuntime node;

  TaskRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/tasks").blockingHandler(ctx -> {
      Map<String, Set<String>> filters = parseFilters(ctx.queryParams().get("filters"));
      var api = node.requireManager().controlApi();
      Set<String> serviceIds = null;
      if (filters.containsKey("service")) {
        serviceIds = new HashSet<>();
        for (String s : filters.get("service")) {
          serviceIds.add(api.service(s).id());
        }
      }
      final Set<String> wanted = serviceIds;
      boolean upToDate = filters.getOrDefault("_up-to-date", Set.of()).stream()
          .anyMatch(v -> v.equals("true") || v.equals("1"));
      Map<String, Service> services = upToDate
          ? api.services().stream().collect(Collectors.toMap(Service::id, s -> s)) : Map.of();
      List<Task> tasks = api.tasks(null, null, null).stream()
          .filter(t -> wanted == null || wanted.contains(t.serviceId()))
          .filter(t -> !upToDate || isUpToDate(t, services.get(t.serviceId())))
          .filter(t -> matches(filters, "node", t.nodeId()))
          .filter(t -> matches(filters, "desired-state", t.desiredState().wire()))
          .filter(t -> matchesPrefix(filters, "id", t.id()))
          .filter(t -> matches(filters, "name", t.name()))
          .toList();
      Routes.okList(ctx, tasks);
    }, false);
    r.get("/tasks/:id").blockingHandler(ctx -> {
      String id = ctx.pathParam("id");
      var matches = node.requireManager().controlApi().tasks(null, null, null).stream().filter(t -> t.id().startsWith(id)).toList();
      if (matches.size() != 1) {
        throw matches.isEmpty() ? SwarmException.notFound("task " + id + " not found")
            : SwarmException.invalid("task id prefix " + id + " is ambiguous");
      }
      Routes.ok(ctx, matches.get(0));
    }, false);
  }

  /** swarmkit's {@code !IsTaskDirty}: the task runs its service's task template and endpoint as they are now. */
  private static boolean isUpToDate(Task t, Service s) {
    return s != null && s.spec().taskTemplate().equals(t.spec()) && s.spec().endpointSpec().equals(t.endpoint());
  }

  private static boolean matches(Map<String, Set<String>> filters, String key, String value) {
    Set<String> allowed = filters.get(key);
    return allowed == null || allowed.contains(value);
  }

  private static boolean matchesPrefix(Map<String, Set<String>> filters, String key, String value) {
    Set<String> allowed = filters.get(key);
    return allowed == null || allowed.stream().anyMatch(value::startsWith);
  }

  /** Docker sends {@code {"key":["v"]}} or the older {@code {"key":{"v":true}}}; both mean key ∈ {v}. */
  static Map<String, Set<String>> parseFilters(String json) {
    Map<String, Set<String>> out = new HashMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw SwarmException.invalid("invalid filters: expected JSON like {\"service\":[\"web\"]}");
    }
    root.properties().forEach(e -> {
      Set<String> values = new HashSet<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> values.add(v.asText()));
      } else if (e.getValue().isObject()) {
        e.getValue().fieldNames().forEachRemaining(values::add);
      } else {
        values.add(e.getValue().asText());
      }
      out.put(e.getKey(), values);
    });
    return out;
  }
}
