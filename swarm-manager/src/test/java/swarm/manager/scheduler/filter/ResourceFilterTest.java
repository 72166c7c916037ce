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
  // 2 CPUs, 4 GiB.
  private final NodeInfo node = Fixtures.node(state().node("n1", Node.State.READY, Node.Availability.ACTIVE,
      new Resources(2_000_000_000L, 4L << 30, 0L)), "n1");

  private static Task reserving(long nanoCpus, long memory) {
    return Fixtures.pendingTask(StateBuilder.spec("web", 1, new Resources(nanoCpus, memory, 0L)));
  }

  @Test
  void reservationsMustFitInTheCapacityLeftAfterTheTasksAlreadyThere() {
    Task threeGib = reserving(0, 3L << 30);
    assertThat(filter.accepts(node, threeGib)).isTrue();
    assertThat(filter.accepts(node.withTask(threeGib), threeGib)).isFalse();
    assertThat(filter.accepts(node.withTask(threeGib), reserving(0, 1L << 30))).isTrue();
  }

  @Test
  void cpuReservationsCountToo() {
    Task oneAndHalf = reserving(1_500_000_000L, 0);
    assertThat(filter.accepts(node, oneAndHalf)).isTrue();
    assertThat(filter.accepts(node.withTask(oneAndHalf), oneAndHalf)).isFalse();
    assertThat(filter.accepts(node, reserving(3_000_000_000L, 0))).isFalse();
  }

  @Test
  void aTaskReservingNothingFitsAFullNode() {
    Task big = reserving(2_000_000_000L, 4L << 30);
    assertThat(filter.accepts(node.withTask(big), reserving(0, 0))).isTrue();
  }
}
