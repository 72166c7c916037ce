package swarm.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Service;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ServiceSpec;
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

  private static ServiceSpec withImage(ServiceSpec s, String image) {
    return s.withTaskTemplate(s.taskTemplate().withContainerSpec(s.taskTemplate().containerSpec().withImage(image)));
  }

  @Test
  void aChangedTaskTemplateStartsAnUpdate() {
    Service updated = api.updateService("web", web().version().index(), withImage(web().spec(), "busybox:2"));

    assertThat(updated.updateStatus()).isEqualTo(new UpdateStatus(UpdateStatus.State.UPDATING, T0.plusSeconds(100),
        null, "update in progress"));
    assertThat(updated.previousSpec().taskTemplate().containerSpec().image()).isEqualTo("busybox");
  }

  @Test
  void aReplicaChangeIsNotAnUpdate() {
    Service updated = api.updateService("web", web().version().index(), web().spec().withReplicas(4));

    assertThat(updated.updateStatus()).isNull();
  }

  @Test
  void anyUpdateOfAPausedServiceStartsANewOne() {
    Service paused = web().withUpdateStatus(new UpdateStatus(UpdateStatus.State.PAUSED, T0, null, "update paused: x"));
    store.apply(new CommandBatch(List.of(new StoreCommand.UpdateService(paused, web().version().index()))),
        store.current().index() + 1);

    Service updated = api.updateService("web", web().version().index(), web().spec().withReplicas(2));

    assertThat(updated.updateStatus().state()).isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(updated.updateStatus().startedAt()).isEqualTo(T0.plusSeconds(100));
  }

  @Test
  void aRollbackBringsThePreviousSpecBackAndStartsARollback() {
    api.updateService("web", web().version().index(), withImage(web().spec(), "busybox:2"));

    Service rolledBack = api.rollbackService("web", web().version().index());

    assertThat(rolledBack.spec().taskTemplate().containerSpec().image()).isEqualTo("busybox");
    assertThat(rolledBack.previousSpec().taskTemplate().containerSpec().image()).isEqualTo("busybox:2");
    assertThat(rolledBack.updateStatus()).isEqualTo(new UpdateStatus(UpdateStatus.State.ROLLBACK_STARTED,
        T0.plusSeconds(100), null, "manually requested rollback"));
  }
}
