package swarm.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.object.Service;
import swarm.manager.raft.ReadBarrier;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

/** Service updates through the control API, over an in-memory log: the version the caller read decides. */
class ControlApiServicesTest {
  private final Store store = new Store();
  private ControlApi api;

  @BeforeEach
  void oneService() {
    store.reset(StateBuilder.state().readyNode("w1").service("s1", spec("web", 1)).build());
    api = new ControlApi(store, new LocalProposer(store), ReadBarrier.LOCAL, new MutableClock(T0.plusSeconds(100)),
        Duration.ofSeconds(1));
  }

  private Service web() {
    return api.service("web");
  }

  @Test
  void anUpdateBasedOnTheVersionReadIsApplied() {
    Service updated = api.updateService("web", web().version().index(), spec("web", 3));
    assertThat(updated.spec().mode().replicated().replicas()).isEqualTo(3);
  }

  @Test
  void anUpdateBasedOnVersionZeroIsOutOfSequenceNotACreate() {
    Service before = web();
    assertThatThrownBy(() -> api.updateService("web", 0, spec("web", 3))).isInstanceOf(SwarmException.class)
        .hasMessage("update out of sequence: service web is at version " + before.version().index()
            + ", the update was based on version 0 (read it again and retry)")
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.CONFLICT);
    assertThat(web()).isEqualTo(before);
  }

  @Test
  void anUpdateBasedOnAnOlderVersionIsOutOfSequence() {
    long read = web().version().index();
    api.updateService("web", read, spec("web", 2));
    assertThatThrownBy(() -> api.updateService("web", read, spec("web", 3))).isInstanceOf(SwarmException.class)
        .hasMessageStartingWith("update out of sequence: service web is at version ")
        .extracting(e -> ((SwarmException) e).kind()).isEqualTo(SwarmException.Kind.CONFLICT);
  }
}
