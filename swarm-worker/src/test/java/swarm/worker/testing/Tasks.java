package swarm.worker.testing;

import java.time.Instant;
import java.util.List;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.Resources;
import swarm.core.spec.TaskSpec;

/** Builds tasks as a manager would hand them to a worker: assigned, desired running. */
public final class Tasks {
  private Tasks() {}

  public static Task assigned(String id, String image, List<String> command) {
    return assigned(id, new ContainerSpec(image, command, null, null, null, null, null, null, null), Resources.NONE);
  }

  public static Task assigned(String id, ContainerSpec spec, Resources limits) {
    Instant now = Instant.now();
    return new Task(id, null, now, now, "svc1", "web", 1L, "node1",
        new TaskSpec(spec, new ResourceRequirements(limits, null), null, null), null, null,
        TaskStatus.of(TaskState.ASSIGNED, now, "assigned"), TaskState.RUNNING, null);
  }

  public static Task desired(Task t, TaskState desired) {
    return t.withDesiredState(desired, Instant.now());
  }

  /** A unique id per test run, so runs never collide on runtime state or cgroups. */
  public static String uniqueId(String prefix) {
    return prefix + "-" + Long.toHexString(System.nanoTime()) + Integer.toHexString((int) (Math.random() * 0xffff));
  }
}
