package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.globalSpec;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.Privileges;
import swarm.core.spec.Resources;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.orchestrator.global.GlobalOrchestrator;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;

class UpdaterTest {
  private static final Resources RES = new Resources(4_000_000_000L, 8L << 30, 0L);
  /** The controllers in the order the manager runs them, as one pass of its loop would. */
  private static final List<Controller> PASS = List.of(new ReplicatedOrchestrator(), new GlobalOrchestrator(),
      new RestartSupervisor(), new Updater(), new Scheduler());

  private final Updater updater = new Updater();

  private static List<Task> created(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.CreateTask)
        .map(c -> ((StoreCommand.CreateTask) c).task()).toList();
  }

  private static List<String> shutDown(List<StoreCommand> commands) {
    return commands.stream().filter(c -> c instanceof StoreCommand.SetDesiredState d
            && d.desiredState() == TaskState.SHUTDOWN)
        .map(c -> ((StoreCommand.SetDesiredState) c).taskId()).toList();
  }

  /** {@code swarm service update --image} of service {@code id}. */
  private static ClusterState updateImage(ClusterState s, String id, String image) {
    Service service = s.services().get(id);
    TaskSpec template = service.spec().taskTemplate();
    ServiceSpec next = service.spec().withTaskTemplate(template.withContainerSpec(
        template.containerSpec().withImage(image)));
    return apply(s, new StoreCommand.UpdateService(service.withSpec(next, T0), service.version().index()));
  }

  /** {@code swarm service update --force}: only forceUpdate changes. */
  private static ClusterState force(ClusterState s, String id) {
    Service service = s.services().get(id);
    TaskSpec t = service.spec().taskTemplate();
    ServiceSpec next = service.spec().withTaskTemplate(new TaskSpec(t.containerSpec(), t.resources(),
        t.restartPolicy(), t.forceUpdate() + 1, t.placement()));
    return apply(s, new StoreCommand.UpdateService(service.withSpec(next, T0), service.version().index()));
  }

  private static ClusterState pass(ClusterState s, Instant now) {
    for (Controller c : PASS) {
      s = apply(s, c.reconcile(s, now));
    }
    return s;
  }

  private static ClusterState globalOnThreeNodes() {
    return state().readyNode("n1").readyNode("n2").readyNode("n3").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t2", "s1", "n2", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t3", "s1", "n3", TaskState.RUNNING, TaskState.RUNNING, T0).build();
  }

  @Test
  void anUpdatedGlobalServiceGetsOneNewTaskOnEachNodeStopFirst() {
    ClusterState s = updateImage(globalOnThreeNodes(), "s1", "busybox:2");
    Service service = s.services().get("s1");

    List<StoreCommand> commands = updater.reconcile(s, T0);

    assertThat(shutDown(commands)).containsExactly("t1", "t2", "t3");
    assertThat(created(commands)).extracting(Task::nodeId).containsExactly("n1", "n2", "n3");
    assertThat(created(commands)).allSatisfy(t -> {
      assertThat(t.slot()).isNull();
      assertThat(t.desiredState()).isEqualTo(TaskState.READY);
      assertThat(t.spec().containerSpec().image()).isEqualTo("busybox:2");
      assertThat(Slots.isCurrent(t, service)).isTrue();
    });
  }

  @Test
  void aForcedUpdateReplacesGlobalTasksToo() {
    ClusterState s = force(globalOnThreeNodes(), "s1");

    List<StoreCommand> commands = updater.reconcile(s, T0);

    assertThat(shutDown(commands)).containsExactly("t1", "t2", "t3");
    assertThat(created(commands)).extracting(Task::nodeId).containsExactly("n1", "n2", "n3");
  }

  @Test
  void aNewPublishedPortReplacesGlobalTasks() {
    ClusterState s = globalOnThreeNodes();
    Service service = s.services().get("s1");
    ServiceSpec published = service.spec().withEndpointSpec(new EndpointSpec(null,
        List.of(PortConfig.host(8080, 80, PortConfig.Protocol.TCP))));
    s = apply(s, new StoreCommand.UpdateService(service.withSpec(published, T0), service.version().index()));

    List<StoreCommand> commands = updater.reconcile(s, T0);

    assertThat(shutDown(commands)).containsExactly("t1", "t2", "t3");
    assertThat(created(commands)).extracting(Task::nodeId).containsExactly("n1", "n2", "n3");
  }

  /** {@code swarm service update --security-opt seccomp=...} of service {@code id}. */
  private static ClusterState updateSeccomp(ClusterState s, String id, Privileges.Seccomp seccomp) {
    Service service = s.services().get(id);
    TaskSpec template = service.spec().taskTemplate();
    ServiceSpec next = service.spec().withTaskTemplate(template.withContainerSpec(
        template.containerSpec().withPrivileges(new Privileges(seccomp))));
    return apply(s, new StoreCommand.UpdateService(service.withSpec(next, T0), service.version().index()));
  }

  @Test
  void aChangedSeccompSettingReplacesTasksAndAskingForTheDefaultReplacesNone() {
    ClusterState unconfined = updateSeccomp(globalOnThreeNodes(), "s1",
        Privileges.Seccomp.of(Privileges.Mode.UNCONFINED));
    assertThat(shutDown(updater.reconcile(unconfined, T0))).containsExactly("t1", "t2", "t3");

    ClusterState asBefore = updateSeccomp(globalOnThreeNodes(), "s1",
        Privileges.Seccomp.of(Privileges.Mode.DEFAULT));
    assertThat(updater.reconcile(asBefore, T0)).isEmpty();
  }

  @Test
  void repeatedPassesKeepOneTaskPerNodeAndStartItOnceTheOldOneStopped() {
    ClusterState s = updateImage(globalOnThreeNodes(), "s1", "busybox:2");
    for (int i = 0; i < 3; i++) {
      s = pass(s, T0);
    }
    Service service = s.services().get("s1");
    List<Task> runnable = s.tasks().values().stream().filter(Slots::isRunnable).toList();

    assertThat(s.tasks()).hasSize(6);
    assertThat(runnable).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n3");
    assertThat(runnable).allSatisfy(t -> {
      assertThat(Slots.isCurrent(t, service)).isTrue();
      assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
      assertThat(t.desiredState()).isEqualTo(TaskState.READY); // the old task still runs on its node
    });
    assertThat(updater.reconcile(s, T0)).isEmpty();

    s = apply(s, new StoreCommand.UpdateTaskStatus("t1", TaskStatus.of(TaskState.SHUTDOWN, T0, "shutdown")));
    s = pass(s, T0);

    Task onN1 = s.tasks().values().stream().filter(t -> Slots.isRunnable(t) && t.nodeId().equals("n1")).findFirst()
        .orElseThrow();
    assertThat(onN1.desiredState()).isEqualTo(TaskState.RUNNING);
    assertThat(s.tasks().values()).filteredOn(t -> t.desiredState() == TaskState.RUNNING).hasSize(1);
    assertThat(new RestartSupervisor().nextDeadline(s, T0)).contains(T0.plus(RestartSupervisor.OLD_TASK_TIMEOUT));
  }

  @Test
  void onlyReadyActiveNodesGetAReplacement() {
    ClusterState s = state().readyNode("n1").readyNode("n2").readyNode("n3").readyNode("n4")
        .service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t2", "s1", "n2", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t3", "s1", "n3", TaskState.RUNNING, TaskState.RUNNING, T0)
        .globalTask("t4", "s1", "n4", TaskState.RUNNING, TaskState.RUNNING, T0)
        .nodeSpec("n2", Node.Role.WORKER, Node.Availability.DRAIN)
        .nodeSpec("n3", Node.Role.WORKER, Node.Availability.PAUSE)
        .node("n4", Node.State.DISCONNECTED, Node.Availability.ACTIVE, RES).build();
    s = updateImage(s, "s1", "busybox:2");

    List<StoreCommand> commands = updater.reconcile(s, T0);

    assertThat(shutDown(commands)).containsExactly("t1");
    assertThat(created(commands)).extracting(Task::nodeId).containsExactly("n1");

    s = pass(s, T0);
    // The drained node's task is shut down with no successor; paused and disconnected nodes keep theirs.
    assertThat(s.tasks().values()).filteredOn(t -> t.nodeId().equals("n2")).extracting(Task::id)
        .containsExactly("t2");
    assertThat(s.tasks().get("t2").desiredState()).isEqualTo(TaskState.SHUTDOWN);
    assertThat(s.tasks().values()).filteredOn(Slots::isRunnable).extracting(Task::nodeId)
        .containsExactlyInAnyOrder("n1", "n3", "n4");
  }

  @Test
  void aFailedOutdatedGlobalTaskIsTheSupervisorsNotTheUpdaters() {
    ClusterState s = state().readyNode("n1").service("s1", globalSpec("mon"))
        .globalTask("t1", "s1", "n1", TaskState.FAILED, TaskState.RUNNING, T0).build();
    s = updateImage(s, "s1", "busybox:2");

    assertThat(updater.reconcile(s, T0)).isEmpty();
  }

  @Test
  void anUpdatedReplicatedServiceGetsOneNewTaskPerSlot() {
    ClusterState s = state().readyNode("n1").readyNode("n2").service("s1", spec("web", 2))
        .task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1")
        .task("s1", 2, TaskState.RUNNING, TaskState.RUNNING, "n2").build();
    s = updateImage(s, "s1", "busybox:2");

    List<StoreCommand> commands = updater.reconcile(s, T0);

    assertThat(shutDown(commands)).containsExactly("t1", "t2");
    assertThat(created(commands)).extracting(Task::slot).containsExactly(1L, 2L);
    assertThat(created(commands)).allSatisfy(t -> assertThat(t.desiredState()).isEqualTo(TaskState.READY));
    assertThat(updater.reconcile(apply(s, commands), T0)).isEmpty();
  }
}
