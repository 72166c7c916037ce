package swarm.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.globalSpec;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.ServiceSpec;
import swarm.manager.raft.ReadBarrier;
import swarm.manager.state.Store;
import swarm.manager.state.TaskBudget;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

/** What a spec may ask for: no more tasks than the managers' heap holds, no spec the log cannot carry. */
class ControlApiLimitsTest {
  private static final long TASK = TaskBudget.costOfTask(spec("web", 10));
  private final Store store = new Store();

  private ControlApi api(StateBuilder state, long tasks) {
    store.reset(state.build());
    return new ControlApi(store, new LocalProposer(store), ReadBarrier.LOCAL, new MutableClock(T0), Duration.ofSeconds(1),
        id -> false, TokenRotation.UNSUPPORTED, new TaskBudget(tasks * TASK));
  }

  private static SwarmException refusal(Runnable call) {
    try {
      call.run();
    } catch (SwarmException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void replicasPastTheBudgetAreRefusedNamingTheLimitAndNothingIsCreated() {
    ControlApi api = api(StateBuilder.state(), 100);

    SwarmException e = refusal(() -> api.createService(spec("web", 1_000_000_000L)));

    assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID);
    assertThat(e.getMessage()).contains("invalid replicas 1000000000 (--replicas)").contains("at most 99");
    assertThat(store.current().services()).isEmpty();
  }

  @Test
  void otherServicesTakeTheirShareAndScalingPastWhatIsLeftIsRefused() {
    ControlApi api = api(StateBuilder.state(), 100);
    api.createService(spec("web", 60));
    var api2 = api.createService(spec("api", 10));

    assertThatThrownBy(() -> api.updateService("api", api2.version().index(), spec("api", 50)))
        .isInstanceOf(SwarmException.class).hasMessageContaining("at most 40");
    api.updateService("api", api2.version().index(), spec("api", 40));
    assertThat(api.service("api").spec().mode().replicated().replicas()).isEqualTo(40);
  }

  @Test
  void aGlobalServiceNeedsATaskPerNode() {
    ControlApi api = api(StateBuilder.state().readyNode("n1").readyNode("n2").readyNode("n3"), 2);

    assertThatThrownBy(() -> api.createService(globalSpec("agent")))
        .isInstanceOf(SwarmException.class).hasMessageContaining("global service needs 3 tasks");
  }

  @Test
  void aSpecTooLargeForTheLogIsRefusedAtCreate() {
    ControlApi api = api(StateBuilder.state(), 100);
    ServiceSpec base = spec("web", 1);
    ContainerSpec c = base.taskTemplate().containerSpec();
    ServiceSpec huge = base.withTaskTemplate(base.taskTemplate().withContainerSpec(new ContainerSpec(c.image(),
        c.command(), c.args(), List.of("BIG=" + "x".repeat(TaskBudget.MAX_SPEC_BYTES)), c.dir(), c.user(),
        c.hostname(), c.stopSignal(), c.stopGracePeriod())));

    assertThatThrownBy(() -> api.createService(huge)).isInstanceOf(SwarmException.class)
        .hasMessageContaining("service spec is too large").hasMessageContaining("at most 512 KiB");
    assertThat(store.current().services()).isEmpty();
  }
}
