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
import swarm.core.spec.ServiceSpec;

/**
 * Waits for a service to converge after create, scale or update, polling {@code GET /services/{id}} and its
 * tasks every 150 ms (docker polls every 200 ms) and showing progress. Returns once as many tasks run as replicas
 * are wanted (for a global service: one on every READY and ACTIVE node, from {@code GET /nodes}); throws when
 * {@link Convergence} says they cannot start. After an update only the tasks of the service's current spec count
 * (docker's {@code _up-to-date} task filter): the old tasks still run until the updater replaces them, and
 * counting them would call the update done before it began. Blocks the calling thread.
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
    await(serviceId, ignoreEndedTasks, false);
  }

  /**
   * After {@code service update}: waits for the tasks whose template and endpoint are the service's current ones,
   * as the manager's updater tells outdated tasks; tasks that ended before the wait do not count.
   */
  void awaitUpdate(String serviceId) {
    await(serviceId, true, true);
  }

  private void await(String serviceId, boolean ignoreEndedTasks, boolean currentSpecOnly) {
    Set<String> endedBefore = new HashSet<>();
    if (ignoreEndedTasks) {
      for (Task t : TaskQueries.tasksOf(client, serviceId, List.of())) {
        if (t.state().isTerminal()) {
          endedBefore.add(t.id());
        }
      }
    }
    Convergence convergence = null;
    long wanted = -1;
    while (true) {
      // Read as a tree: only the name, mode and restart condition matter here (and, after an update, the spec).
      JsonNode spec = service(serviceId).path("Spec");
      JsonNode mode = spec.path("Mode");
      String name = spec.path("Name").asText();
      // A global service wants one running task on every READY and ACTIVE node (counted again each look, as
      // nodes may come and go while we wait); tasks on other nodes (paused, drained) do not count.
      Set<String> eligible = mode.path("Global").isObject() ? TaskQueries.eligibleNodes(client) : null;
      long replicas = eligible != null ? eligible.size() : mode.path("Replicated").path("Replicas").asLong(1);
      if (convergence == null || replicas != wanted) {
        String condition = spec.path("TaskTemplate").path("RestartPolicy").path("Condition").asText("any");
        convergence = new Convergence(name, replicas,
            RestartPolicy.Condition.parse(condition.isEmpty() ? "any" : condition), endedBefore);
        wanted = replicas;
      }
      List<Task> tasks = TaskQueries.tasksOf(client, serviceId, List.of());
      if (currentSpecOnly) {
        ServiceSpec current = TaskQueries.convert(spec, ServiceSpec.class);
        tasks = tasks.stream().filter(t -> current.taskTemplate().equals(t.spec())
            && current.endpointSpec().equals(t.endpoint())).toList();
      }
      if (eligible != null) {
        tasks = tasks.stream().filter(t -> eligible.contains(t.nodeId())).toList();
      }
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

  private JsonNode service(String id) {
    try {
      return client.get("/services/" + id);
    } catch (SwarmException e) {
      if (e.kind() == SwarmException.Kind.NOT_FOUND) {
        throw SwarmException.notFound("service " + id + " was removed before it converged");
      }
      throw e;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the service to converge", e);
    }
  }
}
