package swarm.manager.scheduler;

import java.util.HashMap;
import java.util.Map;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.spec.Constraint;
import swarm.core.spec.Resources;

/**
 * A node as the scheduler sees it during one pass: the node, the resources not yet reserved, and
 * how many active tasks it runs (in all, and per service). Immutable; {@link #withTask} returns the
 * node after one more placement.
 */
public record NodeInfo(Node node, Resources available, Map<String, Integer> tasksByService, int taskCount) {
  public NodeInfo {
    tasksByService = Map.copyOf(tasksByService);
  }

  public static NodeInfo of(Node node) {
    Resources total = node.description() == null || node.description().resources() == null
        ? Resources.NONE : node.description().resources();
    return new NodeInfo(node, total, Map.of(), 0);
  }

  public NodeInfo withTask(Task t) {
    Resources r = t.spec() == null ? Resources.NONE : t.spec().resources().reservations();
    Resources left = new Resources(available.nanoCpus() - r.nanoCpus(), available.memoryBytes() - r.memoryBytes(),
        available.pids());
    Map<String, Integer> counts = new HashMap<>(tasksByService);
    counts.merge(t.serviceId() == null ? "" : t.serviceId(), 1, Integer::sum);
    return new NodeInfo(node, left, counts, taskCount + 1);
  }

  public int tasksOf(String serviceId) {
    return tasksByService.getOrDefault(serviceId, 0);
  }

  /**
   * The node's value for a constraint or spread key ({@code node.role}, {@code node.labels.zone}),
   * {@code null} when it has none. Keys are lower-case up to the label name, as {@link Constraint}
   * produces them. {@code engine.labels.*} are the labels the node's daemon reports.
   */
  public String attribute(String key) {
    Node.Description d = node.description();
    Node.Platform p = d == null ? null : d.platform();
    if (key.startsWith(NODE_LABELS)) {
      return node.spec() == null ? null : node.spec().labels().get(key.substring(NODE_LABELS.length()));
    }
    if (key.startsWith(ENGINE_LABELS)) {
      return d == null || d.engine() == null ? null : d.engine().labels().get(key.substring(ENGINE_LABELS.length()));
    }
    return switch (key) {
      case "node.id" -> node.id();
      case "node.hostname" -> d == null ? null : d.hostname();
      case "node.role" -> node.spec() == null ? null : node.spec().role().wire();
      case "node.platform.os" -> p == null ? null : p.os();
      case "node.platform.arch" -> p == null ? null : p.architecture();
      default -> null;
    };
  }

  private static final String NODE_LABELS = "node.labels.";
  private static final String ENGINE_LABELS = "engine.labels.";
}
