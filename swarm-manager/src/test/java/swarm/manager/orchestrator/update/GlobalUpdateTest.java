package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.orchestrator.update.UpdateHarness.IMAGE_2;
import static swarm.manager.orchestrator.update.UpdateHarness.config;
import static swarm.manager.orchestrator.update.UpdateHarness.withUpdateConfig;
import static swarm.manager.testing.StateBuilder.globalSpec;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;

/** A global service is updated node by node: the node takes the place of the slot. */
class GlobalUpdateTest {
  private static final Duration MONITOR = UpdateConfig.DEFAULT_MONITOR;

  @Test
  void aGlobalServiceIsUpdatedOneNodeAtATimeStopFirst() {
    UpdateHarness h = UpdateHarness.running(3, globalSpec("web"));

    h.updateImage(IMAGE_2);
    h.settle();

    assertThat(h.current()).singleElement().satisfies(t -> {
      assertThat(t.nodeId()).isEqualTo("n1");
      assertThat(t.slot()).isNull();
      assertThat(t.desiredState()).isEqualTo(TaskState.READY);
    });
    assertThat(h.outdated()).extracting(Task::nodeId).containsExactly("n2", "n3");

    h.workersCatchUp();
    assertThat(h.current()).extracting(Task::nodeId).containsExactly("n1", "n2");
    h.workersCatchUp();
    h.workersCatchUp();
    h.advance(MONITOR);

    assertThat(h.current()).extracting(Task::nodeId).containsExactly("n1", "n2", "n3");
    assertThat(h.runnable()).hasSize(3);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);
  }

  @Test
  void aFailingNodePausesAGlobalUpdate() {
    UpdateHarness h = UpdateHarness.running(3, globalSpec("web"));
    h.updateImage(IMAGE_2);
    h.settle();
    h.stopTold();

    h.fail(h.current().get(0), "exit code 1");
    h.settle();

    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.PAUSED);
    assertThat(h.status().message()).startsWith("update paused: task web.n1 (");
    assertThat(h.outdated()).extracting(Task::nodeId).containsExactly("n2", "n3");
  }

  @Test
  void nodesThatCannotTakeATaskKeepTheirsAndAreUpdatedOnceTheyCan() {
    UpdateHarness h = UpdateHarness.running(4, withUpdateConfig(globalSpec("web"),
        config(0, Duration.ZERO, FailureAction.PAUSE, MONITOR, 0, Order.STOP_FIRST)));
    h.setAvailability("n2", Node.Availability.PAUSE);
    h.changeNode("n3", n -> n.withStatus(new Node.Status(Node.State.DISCONNECTED, null, null), h.clock.instant()));
    h.setAvailability("n4", Node.Availability.DRAIN);
    h.stopTold(); // the drained node's task is shut down, with no successor

    h.updateImage(IMAGE_2);
    h.settle();
    h.workersCatchUp();
    h.advance(MONITOR);

    assertThat(h.current()).extracting(Task::nodeId).containsExactly("n1");
    assertThat(h.outdated()).extracting(Task::nodeId).containsExactly("n2", "n3");
    assertThat(h.tasks(t -> t.nodeId().equals("n4"))).allSatisfy(t ->
        assertThat(t.desiredState()).isEqualTo(TaskState.SHUTDOWN));
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);

    h.setAvailability("n2", Node.Availability.ACTIVE);
    h.settle();

    assertThat(h.status().state()).as("the update starts over for n2").isEqualTo(UpdateStatus.State.UPDATING);
    assertThat(h.current()).extracting(Task::nodeId).containsExactly("n1", "n2");
    assertThat(h.outdated()).extracting(Task::nodeId).containsExactly("n3");

    h.workersCatchUp();
    h.advance(MONITOR);
    assertThat(h.status().state()).isEqualTo(UpdateStatus.State.COMPLETED);
  }
}
