package swarm.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.StateBuilder.T0;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.NetworkView;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;

/** A node is told when its networks change, though none of its own tasks did. */
class NetworkViewPushTest {
  private final Store store = new Store();
  private Dispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private static List<String> webBackends(Assignments a) {
    return a.networks().stream().filter(v -> v.name().equals("front")).flatMap(v -> v.services().stream())
        .filter(e -> e.name().equals("web")).findFirst().map(NetworkView.ServiceEntry::taskAddresses)
        .orElse(List.of());
  }

  @Test
  void aTaskStartingOnAnotherNodeIsPushedWithTheNetworkView() {
    ClusterState s = NetworkViewsTest.cluster();
    store.reset(s);
    String dbNode = s.tasks().get("d1").nodeId();
    Task remote = s.tasks().values().stream().filter(t -> t.serviceName().equals("web"))
        .filter(t -> !t.nodeId().equals(dbNode)).findFirst().orElseThrow();
    LocalProposer proposer = new LocalProposer(store);
    dispatcher = new Dispatcher(store, proposer, new MutableClock(), Duration.ofMillis(10), Duration.ofSeconds(5),
        "m1", HeartbeatPolicy.of(Duration.ofSeconds(5)), false);
    List<Assignments> pushed = new CopyOnWriteArrayList<>();
    dispatcher.openRemote(dbNode, new Node.Description(dbNode + "-host", null, null), null, pushed::add, () -> { });
    await().until(() -> !pushed.isEmpty());
    Assignments first = pushed.get(pushed.size() - 1);
    assertThat(first.networks()).extracting(NetworkView::name).containsExactlyInAnyOrder("back", "front", "ingress");
    assertThat(webBackends(first)).isEmpty();

    assertThat(proposer.commit(CommandBatch.of(new StoreCommand.UpdateTaskStatus(remote.id(),
        TaskStatus.of(TaskState.RUNNING, T0.plusSeconds(5), "started"))), Duration.ofSeconds(1)).isOk()).isTrue();

    await().untilAsserted(() -> assertThat(webBackends(pushed.get(pushed.size() - 1)))
        .containsExactly(remote.networks().get(0).address()));
    assertThat(pushed.get(pushed.size() - 1).tasks()).isEqualTo(first.tasks());
  }
}
