package swarm.manager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

import swarm.core.object.TaskState;

class StateSnapshotTest {
  @Test
  void snapshotThroughJsonRestoresAnEqualState() {
    ClusterState s = state().readyNode("n1").service("s1", spec("web", 2))
        .task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1")
        .task("s1", 2, TaskState.PENDING, TaskState.RUNNING, null).build();

    byte[] json = Json.toBytes(StateSnapshot.of(s));
    ClusterState restored = Json.read(json, StateSnapshot.class).toState();

    assertThat(restored).isEqualTo(s);
    assertThat(Json.toBytes(StateSnapshot.of(restored))).isEqualTo(json);
  }
}
