package swarm.core.dispatch;

import java.util.List;
import swarm.core.object.Task;

/**
 * Every task currently assigned to one node: the worker's truth to reconcile its containers against; and the
 * {@link NetworkView}s of the overlay networks those tasks are attached to, plus the ingress network's.
 */
public record Assignments(List<Task> tasks, List<NetworkView> networks) {
  public Assignments {
    tasks = List.copyOf(tasks);
    networks = networks == null ? List.of() : List.copyOf(networks);
  }

  /** Tasks and no networks. */
  public Assignments(List<Task> tasks) {
    this(tasks, List.of());
  }
}
