package swarm.core.dispatch;

import java.util.List;
import swarm.core.object.Task;

/** Every task currently assigned to one node: the worker's truth to reconcile its containers against. */
public record Assignments(List<Task> tasks) {
  public Assignments {
    tasks = List.copyOf(tasks);
  }
}
