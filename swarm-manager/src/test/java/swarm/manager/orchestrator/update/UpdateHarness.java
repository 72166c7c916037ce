package swarm.manager.orchestrator.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import swarm.core.log.ApplyResult;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.core.spec.UpdateConfig;
import swarm.manager.controlapi.ControlApi;
import swarm.manager.controller.Controller;
import swarm.manager.orchestrator.Slots;
import swarm.manager.orchestrator.global.GlobalOrchestrator;
import swarm.manager.orchestrator.replicated.ReplicatedOrchestrator;
import swarm.manager.orchestrator.restart.RestartSupervisor;
import swarm.manager.raft.ReadBarrier;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

/**
 * One service "web" on a few nodes, driven like a manager drives it: the user through the real {@link ControlApi},
 * the leader's controllers in their order (orchestrators, restart supervisor, updater, scheduler) over an in-memory
 * log, workers by hand (a test says which task reached which state), time by a clock the test moves. Not thread-safe.
 */
final class UpdateHarness {
  static final String IMAGE_2 = "busybox:2";
  private static final Duration COMMIT = Duration.ofSeconds(1);
  private static final Duration USER_PAUSE = Duration.ofSeconds(1);

  final MutableClock clock = new MutableClock();
  private final Store store = new Store();
  private final LocalProposer log;
  private final ControlApi api;
  private List<Controller> controllers = leaderControllers();

  private UpdateHarness(ClusterState initial) {
    store.reset(initial);
    log = new LocalProposer(store);
    api = new ControlApi(store, log, ReadBarrier.LOCAL, clock, COMMIT);
  }

  private static List<Controller> leaderControllers() {
    return List.of(new ReplicatedOrchestrator(), new GlobalOrchestrator(), new RestartSupervisor(), new Updater(),
        new Scheduler());
  }

  /** Nodes n1..n{@code nodes}, service web per {@code spec} created, every task placed and RUNNING. */
  static UpdateHarness running(int nodes, ServiceSpec spec) {
    StateBuilder b = StateBuilder.state();
    for (int i = 1; i <= nodes; i++) {
      b.readyNode("n" + i);
    }
    return running(b.build(), spec);
  }

  /** Service web per {@code spec} created on {@code nodes}, every task placed and RUNNING. */
  static UpdateHarness running(ClusterState nodes, ServiceSpec spec) {
    UpdateHarness h = new UpdateHarness(nodes);
    h.api.createService(spec);
    h.settle();
    h.tasks().forEach(t -> h.report(t, TaskState.RUNNING));
    h.settle();
    return h;
  }

  /** {@code spec} with these update settings. */
  static ServiceSpec withUpdateConfig(ServiceSpec spec, UpdateConfig update) {
    return spec.withUpdateConfigs(update, spec.rollbackConfig());
  }

  static UpdateConfig config(long parallelism, Duration delay, UpdateConfig.FailureAction action, Duration monitor,
                             double maxFailureRatio, UpdateConfig.Order order) {
    return new UpdateConfig(parallelism, delay.toNanos(), action, monitor.toNanos(), maxFailureRatio, order);
  }

  // The user.

  /**
   * {@code service update} of web, based on the version just read, a second after what happened before (an update's
   * tasks are the ones made since it started: a rollback at the very instant its old tasks were made could not tell).
   */
  Service update(UnaryOperator<ServiceSpec> change) {
    clock.advance(USER_PAUSE);
    Service s = service();
    return api.updateService(s.id(), s.version().index(), change.apply(s.spec()));
  }

  /** {@code service update --image busybox:2}. */
  Service updateImage(String image) {
    return update(spec -> spec.withTaskTemplate(spec.taskTemplate().withContainerSpec(
        spec.taskTemplate().containerSpec().withImage(image))));
  }

  /** {@code service update --force}. */
  Service force() {
    return update(spec -> {
      TaskSpec t = spec.taskTemplate();
      return spec.withTaskTemplate(new TaskSpec(t.containerSpec(), t.resources(), t.restartPolicy(),
          t.forceUpdate() + 1, t.placement(), t.networks()));
    });
  }

  /** {@code service rollback}, a second after what happened before. */
  Service rollback() {
    clock.advance(USER_PAUSE);
    Service s = service();
    return api.rollbackService(s.id(), s.version().index());
  }

  /** An operator or a heartbeat changes node {@code id} (drain, pause, disconnect). */
  void changeNode(String id, UnaryOperator<Node> change) {
    Node n = store.current().nodes().get(id);
    commit(List.of(new StoreCommand.PutNode(change.apply(n), n.version().index())));
  }

  void setAvailability(String id, Node.Availability availability) {
    changeNode(id, n -> n.withSpec(new Node.Spec(n.spec().role(), availability, n.spec().labels()), clock.instant()));
  }

  // The leader.

  /** One pass of the controllers, each on the state the ones before it left. */
  void pass() {
    Instant now = clock.instant();
    for (Controller c : controllers) {
      List<StoreCommand> commands = c.reconcile(store.current(), now);
      if (!commands.isEmpty()) {
        commit(commands);
      }
    }
  }

  /** Passes until one changes nothing (a leader's passes after a change, without time moving). */
  void settle() {
    for (int i = 0; i < 20; i++) {
      long before = store.current().index();
      pass();
      if (store.current().index() == before) {
        return;
      }
    }
    throw new AssertionError("the controllers never settled");
  }

  /** The earliest deadline any controller asks a pass for. */
  Optional<Instant> nextDeadline() {
    return controllers.stream().map(c -> c.nextDeadline(store.current(), clock.instant())).flatMap(Optional::stream)
        .min(Comparator.naturalOrder());
  }

  /** The updater's own next deadline. */
  Optional<Instant> updaterDeadline() {
    return new Updater().nextDeadline(store.current(), clock.instant());
  }

  /** Another manager takes over: new controller instances on the same log. */
  void failover() {
    controllers = leaderControllers();
  }

  /** Moves time on by {@code d}, then settles. */
  void advance(Duration d) {
    clock.advance(d);
    settle();
  }

  // The workers.

  /** The worker of {@code t} reports {@code state} now. */
  void report(Task t, TaskState state) {
    report(t, new TaskStatus(clock.instant(), state, state.wire(), null, null));
  }

  void report(Task t, TaskStatus status) {
    commit(List.of(new StoreCommand.UpdateTaskStatus(t.id(), status)));
  }

  /** {@code t} failed with {@code err} now. */
  void fail(Task t, String err) {
    report(t, new TaskStatus(clock.instant(), TaskState.FAILED, "started", err, null));
  }

  /** Every worker stops the tasks it was told to stop, then the leader settles. */
  void stopTold() {
    tasks(t -> t.desiredState().isAtLeast(TaskState.SHUTDOWN) && !t.state().isTerminal())
        .forEach(t -> report(t, TaskState.SHUTDOWN));
    settle();
  }

  /** Workers stop what they were told to, then start every placed task told to run; the leader settles after each. */
  void workersCatchUp() {
    stopTold();
    tasks(t -> t.desiredState() == TaskState.RUNNING && t.state().isAtLeast(TaskState.ASSIGNED)
        && t.state().compareTo(TaskState.RUNNING) < 0).forEach(t -> report(t, TaskState.RUNNING));
    settle();
  }

  // What there is to see.

  ClusterState state() {
    return store.current();
  }

  Service service() {
    return store.current().serviceByName("web").orElseThrow();
  }

  UpdateStatus status() {
    return service().updateStatus();
  }

  /** Every task of web, by slot (node for a global service), then oldest first. */
  List<Task> tasks() {
    return tasks(t -> true);
  }

  List<Task> tasks(Predicate<Task> filter) {
    List<Task> out = new ArrayList<>(store.current().tasks().values().stream()
        .filter(t -> t.serviceName().equals("web")).filter(filter).toList());
    out.sort(Comparator.comparing((Task t) -> t.slot() == null ? 0 : t.slot())
        .thenComparing(t -> t.nodeId() == null ? "" : t.nodeId()).thenComparing(ClusterState.TASK_ORDER));
    return out;
  }

  Task task(String id) {
    return store.current().tasks().get(id);
  }

  /** Tasks meant to run (desired READY or RUNNING). */
  List<Task> runnable() {
    return tasks(Slots::isRunnable);
  }

  /** Tasks meant to run that run the service's current spec. */
  List<Task> current() {
    Service s = service();
    return tasks(t -> Slots.isRunnable(t) && Slots.isCurrent(t, s));
  }

  /** Tasks meant to run of another spec than the service's. */
  List<Task> outdated() {
    Service s = service();
    return tasks(t -> Slots.isRunnable(t) && !Slots.isCurrent(t, s));
  }

  /** The one runnable task of the current spec in {@code slot}. */
  Task currentIn(long slot) {
    List<Task> in = current().stream().filter(t -> t.slot() == slot).toList();
    assertThat(in).as("current tasks in slot %d", slot).hasSize(1);
    return in.get(0);
  }

  private void commit(List<StoreCommand> commands) {
    ApplyResult r = log.submit(new CommandBatch(commands)).join();
    assertThat(r.isOk()).as("log refused %s: %s", commands, r.conflict()).isTrue();
  }
}
