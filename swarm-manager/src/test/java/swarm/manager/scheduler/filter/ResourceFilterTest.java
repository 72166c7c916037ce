package swarm.manager.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.state;

import org.junit.jupiter.api.Test;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.spec.Resources;
import swarm.manager.scheduler.NodeInfo;
import swarm.manager.testing.StateBuilder;

class ResourceFilterTest {
  private final ResourceFilter filter = new ResourceFilter();

  /** n1 (2 CPUs, 4 GiB) with these tasks placed on it. */
  private static NodeInfo nodeWith(Task... placed) {
    NodeInfo n = Fixtures.node(state().node("n1", Node.State.READY, Node.Availability.ACTIVE,
        new Resources(2_000_000_000L, 4L << 30, 0L)), "n1");
    for (Task t : placed) {
      n.addTask(t);
    }
    return n;
  }

  private static Task reserving(long nanoCpus, long memory) {
    return Fixtures.pendingTask(StateBuilder.spec("web", 1, new Resources(nanoCpus, memory, 0L)));
  }

  @Test
  void reservationsMustFitInTheCapacityLeftAfterTheTasksAlreadyThere() {
    Task threeGib = reserving(0, 3L << 30);
    assertThat(filter.accepts(nodeWith(), threeGib)).isTrue();
    assertThat(filter.accepts(nodeWith(threeGib), threeGib)).isFalse();
    assertThat(filter.accepts(nodeWith(threeGib), reserving(0, 1L << 30))).isTrue();
  }

  @Test
  void cpuReservationsCountToo() {
    Task oneAndHalf = reserving(1_500_000_000L, 0);
    assertThat(filter.accepts(nodeWith(), oneAndHalf)).isTrue();
    assertThat(filter.accepts(nodeWith(oneAndHalf), oneAndHalf)).isFalse();
    assertThat(filter.accepts(nodeWith(), reserving(3_000_000_000L, 0))).isFalse();
  }

  @Test
  void aTaskReservingNothingFitsAFullNode() {
    Task big = reserving(2_000_000_000L, 4L << 30);
    assertThat(filter.accepts(nodeWith(big), reserving(0, 0))).isTrue();
  }
}
