package swarm.manager.scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import swarm.core.log.StoreCommand;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.controller.Controller;
import swarm.manager.scheduler.filter.Pipeline;
import swarm.manager.state.ClusterState;

/**
 * Places PENDING tasks (PENDING → ASSIGNED), one at a time in {@link ClusterState#TASK_ORDER}: of the nodes the
 * {@link Pipeline} lets take the task, spread ranking picks the one with the fewest tasks of the same service, then
 * the fewest tasks in all (node id breaks ties, so passes are deterministic). Every placement is counted before the
 * next task is placed, so one pass places many tasks evenly, and reservations, max replicas per node and host ports
 * see the placements made earlier in the same pass. Placement preferences ({@code --placement-pref spread=...})
 * pick a branch of nodes first: down the decision tree of the task's spread preferences (one level each, in flag
 * order), into the branch (label value; nodes lacking the label form their own branch) with the fewest tasks of the
 * service, counted over the nodes that can take the task; choosing per task with counts updated after each
 * placement splits a batch over branches as evenly as swarmkit's {@code scheduleNTasksOnSubtree} does. A task that
 * fits nowhere stays PENDING with the reason in its status message (written only when it changes).
 *
 * <p>How it is fast: {@link PlacementPass} filters all nodes once per group of like tasks and keeps the eligible ones
 * in a {@link DecisionTree}, so a placement costs O(log nodes), not a scan of every node through every filter.
 *
 * <p>Stateless; thread-safe (a pass's working state lives and dies in {@link #reconcile}).
 *
 * <p>TODO: the platform filter.
 */
public final class Scheduler implements Controller {
  private final Pipeline pipeline;

  public Scheduler() {
    this(Pipeline.standard());
  }

  public Scheduler(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public List<StoreCommand> reconcile(ClusterState state, Instant now) {
    List<Task> pending = new ArrayList<>();
    for (Task t : state.tasks().values()) {
      // A task on overlay networks waits for the allocator's addresses first.
      if (t.state() == TaskState.PENDING && t.desiredState().compareTo(TaskState.RUNNING) <= 0
          && !t.isAwaitingAddresses()) {
        pending.add(t);
      }
    }
    if (pending.isEmpty()) {
      return List.of();
    }
    pending.sort(ClusterState.TASK_ORDER);
    PlacementPass pass = new PlacementPass(pipeline, state);
    List<StoreCommand> commands = new ArrayList<>();
    for (Task task : pending) {
      PlacementPass.Decision d = pass.place(task);
      if (d.node() != null) {
        commands.add(new StoreCommand.AssignTask(task.id(), d.node().id(), now));
      } else if (!d.explanation().equals(task.status().message())) {
        // Swarm's scheduler puts the reason in Err, so `service ps` shows it in the ERROR column.
        commands.add(new StoreCommand.UpdateTaskStatus(task.id(),
            new TaskStatus(now, TaskState.PENDING, d.explanation(), d.explanation(), null)));
      }
    }
    return commands;
  }
}
