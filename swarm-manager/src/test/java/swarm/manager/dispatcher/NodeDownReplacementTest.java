package swarm.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.Assignments;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.orchestrator.update.Updater;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

/** A worker stops heartbeating: its node goes DOWN, its tasks run elsewhere, and when it returns it stops them. */
class NodeDownReplacementTest {
  private static final Duration PERIOD = Duration.ofMillis(300);

  private final MutableClock clock = new MutableClock();
  private final Store store = new Store();
  private final List<Controller> controllers = List.of(new ReplicatedOrchestrator(), new RestartSupervisor(),
      new Updater(), new Scheduler());
  private LocalProposer proposer;
  private Dispatcher dispatcher;
  private NodeHealthMonitor monitor;

  @AfterEach
  void close() {
    monitor.close();
    dispatcher.close();
  }

  /** Runs the leader's controllers until they have nothing more to do, as the controller loop would. */
  private void converge() {
    for (int pass = 0; pass < 10; pass++) {
      List<StoreCommand> all = new ArrayList<>();
      for (Controller c : controllers) {
        List<StoreCommand> commands = c.reconcile(store.current(), clock.instant());
        if (!commands.isEmpty()) {
          assertThat(proposer.commit(new CommandBatch(commands), Duration.ofSeconds(1)).isOk()).isTrue();
          all.addAll(commands);
        }
      }
      if (all.isEmpty()) {
        return;
      }
    }
    throw new AssertionError("controllers did not converge");
  }

  private Task task(String id) {
    return store.current().tasks().get(id);
  }

  @Test
  void tasksOfADownNodeAreReplacedElsewhereAndTheReturningNodeIsToldToStopThem() {
    store.reset(StateBuilder.state().readyNode("w1").readyNode("w2")
        .service("s1", spec("web", 2))
        .task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "w1")
        .task("s1", 2, TaskState.RUNNING, TaskState.RUNNING, "w2")
        .build());
    proposer = new LocalProposer(store);
    dispatcher = new Dispatcher(store, proposer, clock, Duration.ofMillis(10), Duration.ofSeconds(5), "m1",
        HeartbeatPolicy.of(PERIOD), false);
    monitor = new NodeHealthMonitor(store, proposer, dispatcher, clock, id -> true);
    List<Assignments> toW1 = new CopyOnWriteArrayList<>();
    NodeSession w1 = dispatcher.openRemote("w1", new Node.Description("w1", null, null), null, toW1::add, () -> { });
    dispatcher.open("w2", new Node.Description("w2", null, null), a -> { });
    await().until(() -> !toW1.isEmpty());
    assertThat(toW1.get(toW1.size() - 1).tasks()).extracting(Task::id).containsExactly("t1");

    // w1 goes silent: DOWN after 3 periods, then the controllers replace t1 on w2.
    clock.advance(PERIOD.multipliedBy(3).plusMillis(1));
    monitor.checkNow();
    assertThat(store.current().nodes().get("w1").status().state()).isEqualTo(Node.State.DOWN);
    converge();
    assertThat(task("t1").desiredState()).isEqualTo(TaskState.SHUTDOWN);
    List<Task> slot1 = store.current().tasksOfService("s1").stream()
        .filter(t -> t.slot() == 1 && !t.id().equals("t1")).toList();
    assertThat(slot1).hasSize(1);
    Task replacement = slot1.get(0);
    assertThat(replacement.nodeId()).isEqualTo("w2");
    assertThat(replacement.state()).isEqualTo(TaskState.ASSIGNED);

    // The replacement starts at once: its predecessor did not fail, its node did, so there is no restart delay
    // and no waiting for a task that a DOWN node cannot report stopped (a millisecond, not the 5 s delay).
    clock.advance(Duration.ofMillis(1));
    converge();
    assertThat(task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);

    // w1 comes back: READY again, and its assignments still hold t1, now at desired SHUTDOWN, and nothing new.
    w1.heartbeat();
    await().until(() -> store.current().nodes().get("w1").isReady());
    converge();
    await().until(() -> toW1.get(toW1.size() - 1).tasks().stream()
        .anyMatch(t -> t.id().equals("t1") && t.desiredState() == TaskState.SHUTDOWN));
    assertThat(toW1.get(toW1.size() - 1).tasks()).extracting(Task::id).containsExactly("t1");
    assertThat(task(replacement.id()).nodeId()).isEqualTo("w2");
    assertThat(store.current().tasksOfService("s1").stream()
        .filter(t -> t.desiredState().compareTo(TaskState.RUNNING) <= 0).map(Task::nodeId))
        .containsExactlyInAnyOrder("w2", "w2");
  }
}
