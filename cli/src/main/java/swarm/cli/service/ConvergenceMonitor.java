package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import swarm.cli.client.ApiClient;
import swarm.core.error.SwarmException;
import swarm.core.object.Task;
import swarm.core.spec.RestartPolicy;

/**
 * Waits for a service to converge after create or scale, polling {@code GET /services/{id}} and its tasks every
 * 150 ms (docker polls every 200 ms) and showing progress. Returns once as many tasks run as replicas are wanted
 * (for a global service: one on every READY and ACTIVE node, from {@code GET /nodes}); throws when
 * {@link Convergence} says they cannot start. An update or rollback is followed by {@link UpdateMonitor}, which
 * shares the reads here. Blocks the calling thread.
 */
final class ConvergenceMonitor {
  static final Duration POLL = Duration.ofMillis(150);

  private final ApiClient client;
  private final ProgressView view;

  ConvergenceMonitor(ApiClient client, ProgressView view) {
    this.client = client;
    this.view = view;
  }

  /**
   * @param ignoreEndedTasks ignore tasks that had already ended when the wait began (scale: failures of an earlier
   *     change are not this change's); a service just created has none, so every failure counts
   * @throws SwarmException naming the failed task, e.g. {@code task web.2 failed: task: non-zero exit (127)}
   */
  void await(String serviceId, boolean ignoreEndedTasks) {
    Set<String> endedBefore = ignoreEndedTasks ? endedTasks(TaskQueries.tasksOf(client, serviceId, List.of()))
        : Set.of();
    Convergence convergence = null;
    long wanted = -1;
    while (true) {
      // Read as a tree: only the name, mode and restart condition matter here.
      JsonNode spec = service(client, serviceId).path("Spec");
      String name = spec.path("Name").asText();
      Set<String> eligible = eligibleNodes(client, spec);
      long replicas = replicas(spec, eligible);
      if (convergence == null || replicas != wanted) {
        convergence = convergence(spec, replicas, endedBefore);
        wanted = replicas;
      }
      List<Task> tasks = onNodes(TaskQueries.tasksOf(client, serviceId, List.of()), eligible);
      Convergence.Look look = convergence.look(tasks);
      view.show(look.lines());
      if (look.failure() != null) {
        throw SwarmException.invalid(look.failure());
      }
      if (look.converged()) {
        view.finish("verify: Service " + name + " converged");
        return;
      }
      sleep();
    }
  }

  /** The ids of the tasks that have ended: their failures are not a new change's. */
  static Set<String> endedTasks(List<Task> tasks) {
    Set<String> ended = new HashSet<>();
    for (Task t : tasks) {
      if (t.state().isTerminal()) {
        ended.add(t.id());
      }
    }
    return ended;
  }

  /** {@code GET /services/{id}}; a service removed meanwhile is said as such. */
  static JsonNode service(ApiClient client, String id) {
    try {
      return client.get("/services/" + id);
    } catch (SwarmException e) {
      if (e.kind() == SwarmException.Kind.NOT_FOUND) {
        throw SwarmException.notFound("service " + id + " was removed before it converged");
      }
      throw e;
    }
  }

  /**
   * A global service wants one running task on every READY and ACTIVE node (counted again each look, as nodes may
   * come and go while we wait); null for a replicated service.
   */
  static Set<String> eligibleNodes(ApiClient client, JsonNode spec) {
    return spec.path("Mode").path("Global").isObject() ? TaskQueries.eligibleNodes(client) : null;
  }

  /** How many tasks should run: the replicas, or the eligible nodes of a global service. */
  static long replicas(JsonNode spec, Set<String> eligible) {
    return eligible != null ? eligible.size() : spec.path("Mode").path("Replicated").path("Replicas").asLong(1);
  }

  static Convergence convergence(JsonNode spec, long replicas, Set<String> ignored) {
    String condition = spec.path("TaskTemplate").path("RestartPolicy").path("Condition").asText("any");
    return new Convergence(spec.path("Name").asText(), replicas,
        RestartPolicy.Condition.parse(condition.isEmpty() ? "any" : condition), ignored);
  }

  /** Tasks on other nodes (paused, drained) do not count for a global service. */
  static List<Task> onNodes(List<Task> tasks, Set<String> eligible) {
    return eligible == null ? tasks : tasks.stream().filter(t -> eligible.contains(t.nodeId())).toList();
  }

  static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the service to converge", e);
    }
  }
}
