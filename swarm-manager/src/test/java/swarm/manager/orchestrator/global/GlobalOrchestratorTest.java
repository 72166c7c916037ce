package swarm.manager.orchestrator.global;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.globalSpec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.Placement;
import swarm.core.spec.Resources;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceSpec;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.orchestrator.taskreaper.TaskReaper;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

class GlobalOrchestratorTest {
  private static final Resources RES = new Resources(4_000_000_000L, 8L << 30, 0L);
  private final GlobalOrchestrator orchestrator = new GlobalOrchestrator();

  private static List<Task> created(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.CreateTask)
        .map(c -> ((StoreCommand.CreateTask) c).task()).toList();
  }

  private static RestartPolicy policy(RestartPolicy.Condition condition) {
    return new RestartPolicy(condition, Duration.ofSeconds(5).toNanos(), 0L, 0L);
  }

  @Test
  void createsOneTaskOnEveryReadyActiveNodeAndNoneElsewhere() {
    ClusterState s = state().readyNode("n1").readyNode("n2")
        .node("n3", Node.State.READY, Node.Availability.PAUSE, RES)
        .node("n4", Node.State.READY, Node.Availability.DRAIN, RES)
        .node("n5", Node.State.DOWN, Node.Availability.ACTIVE, RES)
        .node("n6", Node.State.DISCONNECTED, Node.Availability.ACTIVE, RES)
        .service("s1", globalSpec("mon")).build();

    List<Task> created = created(orchestrator.reconcile(s, T0));

    assertThat(created).extracting(Task::nodeId).containsExactly("n1", "n2");
    assertThat(created).allSatisfy(t -> {
      assertThat(t.slot()).isNull();
      assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
      assertThat(t.state()).isEqualTo(TaskState.PENDING);
      assertThat(t.name()).isEqualTo("mon." + t.nodeId());
    });
  }

  @Test
  void constraintsDecideWhichNodesRunTheServiceAndALabelChangeMovesIt() {
    ServiceSpec zoneA = globalSpec("mon");
    zoneA = zoneA.withTaskTemplate(zoneA.taskTemplate().withPlacement(
        new Placement(List.of("node.labels.zone==a"), null, null)));
    StateBuilder b = state().labeledNode("n1", "zone", "a").labeledNode("n2", "zone", "b").readyNode("n3")
        .service("s1", zoneA);

    assertThat(created(orchestrator.reconcile(b.build(), T0))).extracting(Task::nodeId).containsExactly("n1");

    b.globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0)
        .labels("n1", "zone", "b").labels("n2", "zone", "a");
    List<StoreCommand> commands = orchestrator.reconcile(b.build(), T0);

    assertThat(commands).contains(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0));
    assertThat(created(commands)).extracting(Task::nodeId).containsExactly("n2");
  }

  @Test
  void convergedServiceProposesNothing() {
    ClusterState s = state().readyNode("n1").readyNode("n2").service("s1", globalSpec("mon")).build();
    s = apply(s, orchestrator.reconcile(s, T0));

    assertThat(orchestrator.reconcile(s, T0)).isEmpty();
  }

  @Test
  void aNodeThatJoinsOrBecomesActiveGetsATask() {
    StateBuilder b = state().readyNode("n1").node("n2", Node.State.READY, Node.Availability.PAUSE, RES)
        .service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0);
    assertThat(orchestrator.reconcile(b.build(), T0)).isEmpty();

    b.readyNode("n3").nodeSpec("n2", Node.Role.WORKER, Node.Availability.ACTIVE);

    assertThat(created(orchestrator.reconcile(b.build(), T0))).extracting(Task::nodeId).containsExactly("n2", "n3");
  }

  @Test
  void drainedDownAndRemovedNodesHaveTheirTasksShutDown() {
    StateBuilder b = state().readyNode("n1").readyNode("n2").readyNode("n3").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t2", "s1", "n2", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t3", "s1", "n3", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t4", "s1", "gone", TaskState.RUNNING, TaskState.RUNNING, T0);
    b.nodeSpec("n1", Node.Role.WORKER, Node.Availability.DRAIN).node("n2", Node.State.DOWN, Node.Availability.ACTIVE,
        RES);

    List<StoreCommand> commands = orchestrator.reconcile(b.build(), T0);

    assertThat(commands).containsExactlyInAnyOrder(
        new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0),
        new StoreCommand.SetDesiredState("t4", TaskState.SHUTDOWN, T0),
        new StoreCommand.SetDesiredState("t2", TaskState.SHUTDOWN, T0));
  }

  @Test
  void aPausedNodeKeepsItsTaskButGetsNoNewOne() {
    ClusterState s = state().node("n1", Node.State.READY, Node.Availability.PAUSE, RES)
        .node("n2", Node.State.READY, Node.Availability.PAUSE, RES).service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0).build();

    assertThat(orchestrator.reconcile(s, T0)).isEmpty();
  }

  @Test
  void aDrainedNodeGetsATaskAgainOnceActive() {
    StateBuilder b = state().readyNode("n1").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.SHUTDOWN, TaskState.SHUTDOWN, T0);

    assertThat(created(orchestrator.reconcile(b.build(), T0))).extracting(Task::nodeId).containsExactly("n1");
  }

  @Test
  void tasksOfARemovedServiceAreRemoved() {
    StateBuilder b = state().readyNode("n1").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0);
    ClusterState s = apply(b.build(), new StoreCommand.RemoveService("s1"));

    assertThat(orchestrator.reconcile(s, T0))
        .containsExactly(new StoreCommand.SetDesiredState("t1", TaskState.REMOVE, T0));
  }

  @Test
  void aFailedGlobalTaskIsReplacedOnTheSameNodeAfterItsDelay() {
    RestartSupervisor supervisor = new RestartSupervisor();
    ClusterState s = state().readyNode("n1").readyNode("n2").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t2", "s1", "n2", TaskState.RUNNING, TaskState.RUNNING, T0).build();
    s = apply(s, new StoreCommand.UpdateTaskStatus("t1", TaskStatus.of(TaskState.FAILED, T0, "exit 1")));

    assertThat(orchestrator.reconcile(s, T0)).isEmpty(); // the failed task is the supervisor's
    List<StoreCommand> commands = supervisor.reconcile(s, T0);

    assertThat(commands).first().isEqualTo(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0));
    Task replacement = created(commands).get(0);
    assertThat(replacement.nodeId()).isEqualTo("n1");
    assertThat(replacement.slot()).isNull();
    assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
    s = apply(s, commands);
    assertThat(orchestrator.reconcile(s, T0)).isEmpty();
    assertThat(supervisor.nextDeadline(s, T0)).contains(T0.plusSeconds(5));
    assertThat(supervisor.reconcile(s, T0.plusSeconds(5)))
        .containsExactly(new StoreCommand.SetDesiredState(replacement.id(), TaskState.RUNNING, T0.plusSeconds(5)));
  }

  @Test
  void aFailedTaskOnADrainedNodeIsShutDownNotReplaced() {
    StateBuilder b = state().readyNode("n1").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.FAILED, TaskState.RUNNING, T0)
        .nodeSpec("n1", Node.Role.WORKER, Node.Availability.DRAIN);

    assertThat(created(new RestartSupervisor().reconcile(b.build(), T0))).isEmpty();
    assertThat(orchestrator.reconcile(b.build(), T0))
        .containsExactly(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0));
  }

  @Test
  void aNodeWhoseTaskEndedForGoodGetsNoNewTask() {
    ClusterState s = state().readyNode("n1").service("s1", globalSpec("mon", policy(RestartPolicy.Condition.NONE)))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0).build();
    s = apply(s, new StoreCommand.UpdateTaskStatus("t1", TaskStatus.of(TaskState.FAILED, T0, "exit 1")));
    s = apply(s, new RestartSupervisor().reconcile(s, T0));

    assertThat(s.tasks()).hasSize(1);
    assertThat(orchestrator.reconcile(s, T0)).isEmpty();
  }

  @Test
  void schedulerAssignsAPrefilledTaskToItsOwnNodeOrSaysWhyNot() {
    ClusterState s = state().readyNode("n1").readyNode("n2").service("s1", globalSpec("mon")).build();
    s = apply(s, orchestrator.reconcile(s, T0));
    Scheduler scheduler = new Scheduler();

    ClusterState placed = apply(s, scheduler.reconcile(s, T0));

    assertThat(placed.tasks().values()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.ASSIGNED))
        .extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2");

    ClusterState paused = StateBuilder.state().node("n1", Node.State.READY, Node.Availability.PAUSE, RES)
        .readyNode("n2").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.PENDING, TaskState.RUNNING, T0).build();
    List<StoreCommand> commands = scheduler.reconcile(paused, T0);
    assertThat(commands).singleElement().isInstanceOfSatisfying(StoreCommand.UpdateTaskStatus.class, c ->
        assertThat(c.status().message()).isEqualTo("no suitable node (1 node not available for new tasks)"));
  }

  @Test
  void taskHistoryIsKeptPerNode() {
    StateBuilder b = state().historyLimit(2).readyNode("n1").readyNode("n2").service("s1", globalSpec("mon"));
    for (int i = 1; i <= 3; i++) {
      b.globalTask("a" + i, "s1", "n1", TaskState.FAILED, TaskState.SHUTDOWN, T0.plusSeconds(i));
      b.globalTask("b" + i, "s1", "n2", TaskState.FAILED, TaskState.SHUTDOWN, T0.plusSeconds(i));
    }
    b.globalTask("a4", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0.plusSeconds(10));

    assertThat(new TaskReaper().reconcile(b.build(), T0)).containsExactly(new StoreCommand.RemoveTask("a1"),
        new StoreCommand.RemoveTask("a2"), new StoreCommand.RemoveTask("b1"));
  }

  @Test
  void theControllersTogetherRunOneTaskPerNode() {
    ClusterState s = state().readyNode("n1").readyNode("n2").readyNode("n3").service("s1", globalSpec("mon")).build();
    for (int pass = 0; pass < 3; pass++) {
      s = apply(s, orchestrator.reconcile(s, T0));
      s = apply(s, new RestartSupervisor().reconcile(s, T0));
      s = apply(s, new Scheduler().reconcile(s, T0));
    }
    assertThat(s.tasks().values()).hasSize(3).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n3");
    assertThat(s.tasks().values()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.ASSIGNED));
  }
}
