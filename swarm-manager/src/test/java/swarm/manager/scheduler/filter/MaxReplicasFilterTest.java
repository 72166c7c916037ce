package swarm.manager.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.state;

import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.spec.Placement;
import swarm.manager.scheduler.NodeInfo;
import swarm.manager.testing.StateBuilder;

class MaxReplicasFilterTest {
  private final MaxReplicasFilter filter = new MaxReplicasFilter();

  /** n1 with these tasks placed on it. */
  private static NodeInfo nodeWith(Task... placed) {
    NodeInfo n = Fixtures.node(state().readyNode("n1"), "n1");
    for (Task t : placed) {
      n.addTask(t);
    }
    return n;
  }

  @Test
  void aNodeAtTheLimitOfTheServiceIsRefused() {
    Task task = Fixtures.pendingTask(StateBuilder.spec("web", 3, new Placement(null, null, 2L)));
    assertThat(filter.accepts(nodeWith(), task)).isTrue();
    assertThat(filter.accepts(nodeWith(task), task)).isTrue();
    assertThat(filter.accepts(nodeWith(task, task), task)).isFalse();
  }

  @Test
  void zeroMeansUnlimitedAndOtherServicesDoNotCount() {
    Task unlimited = Fixtures.pendingTask(StateBuilder.spec("web", 3));
    assertThat(filter.accepts(nodeWith(unlimited, unlimited), unlimited)).isTrue();

    Task limited = Fixtures.pendingTask(StateBuilder.spec("web", 3, new Placement(null, null, 1L)));
    Task other = new Task("o1", null, null, null, "other", "other", 1L, null, null, null, null, null, null, null);
    assertThat(filter.accepts(nodeWith(other), limited)).isTrue();
  }

  @Test
  void explainsWithDockersWords() {
    assertThat(filter.explain(2)).isEqualTo("max replicas per node limit exceeded on 2 nodes");
  }
}
