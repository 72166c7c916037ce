package swarm.manager.scheduler.filter;

import static swarm.manager.testing.StateBuilder.T0;

import java.util.List;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.Placement;
import swarm.core.spec.ServiceSpec;
import swarm.manager.scheduler.NodeInfo;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

/** A pending task of a given spec, and nodes as the scheduler sees them, for filter tests. */
final class Fixtures {
  private Fixtures() {}

  static Task pendingTask(ServiceSpec spec) {
    ClusterState s = StateBuilder.state().service("s1", spec)
        .task("t1", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0).build();
    return s.tasks().get("t1");
  }

  static Task pendingTask(List<String> constraints) {
    return pendingTask(StateBuilder.spec("web", 1, new Placement(constraints, null, null)));
  }

  static NodeInfo node(StateBuilder b, String id) {
    Node n = b.build().nodes().get(id);
    return NodeInfo.of(n);
  }
}
