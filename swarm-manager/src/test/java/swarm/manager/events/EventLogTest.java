package swarm.manager.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.spec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.manager.state.Store;
import swarm.manager.testing.MutableClock;

class EventLogTest {
  private final Store store = new Store();
  private final MutableClock clock = new MutableClock();
  private final EventLog log = EventLog.start(store, clock, 100);
  private long index;

  @AfterEach
  void close() {
    log.close();
  }

  private void apply(StoreCommand... commands) {
    store.apply(CommandBatch.of(commands), ++index);
  }

  private static Node node(String id, Node.Availability availability, Node.State state) {
    return new Node(id, null, T0, T0, new Node.Spec(Node.Role.WORKER, availability, null),
        new Node.Description("host-" + id, null, null), new Node.Status(state, null, "10.0.0.1"), null);
  }

  private static Task task(String id, String serviceId, long slot) {
    return new Task(id, null, T0, T0, serviceId, "web", slot, null, null, null, null, null, null, null);
  }

  private List<Event> all() {
    return log.eventsSince(T0.minusSeconds(1));
  }

  @Test
  void serviceCreateUpdateRemoveAreEventsNamedAfterTheService() {
    Service web = new Service("s1", null, T0, T0, spec("web", 1), null);
    apply(new StoreCommand.CreateService(web));
    apply(new StoreCommand.UpdateService(store.current().services().get("s1").withSpec(spec("web", 3), T0), 1));
    apply(new StoreCommand.RemoveService("s1"));

    assertThat(all()).extracting(Event::type, Event::action, Event::actorId, e -> e.attributes().get("name"))
        .containsExactly(tuple(Event.Type.SERVICE, Event.Action.CREATE, "s1", "web"),
            tuple(Event.Type.SERVICE, Event.Action.UPDATE, "s1", "web"),
            tuple(Event.Type.SERVICE, Event.Action.REMOVE, "s1", "web"));
  }

  @Test
  void nodeEventsCarryStateAvailabilityAndRoleAndSkipInvisibleRewrites() {
    apply(new StoreCommand.PutNode(node("n1", Node.Availability.ACTIVE, Node.State.READY), 0));
    apply(new StoreCommand.PutNode(node("n1", Node.Availability.ACTIVE, Node.State.READY), 1)); // nothing visible
    apply(new StoreCommand.PutNode(node("n1", Node.Availability.DRAIN, Node.State.READY), 2));
    apply(new StoreCommand.RemoveNode("n1"));

    List<Event> events = all();
    assertThat(events).extracting(Event::type, Event::action)
        .containsExactly(tuple(Event.Type.NODE, Event.Action.CREATE), tuple(Event.Type.NODE, Event.Action.UPDATE),
            tuple(Event.Type.NODE, Event.Action.REMOVE));
    assertThat(events.get(1).attributes()).containsEntry("name", "host-n1").containsEntry("state", "ready")
        .containsEntry("availability", "drain").containsEntry("role", "worker")
        .containsEntry("availability.old", "active").containsEntry("availability.new", "drain")
        .doesNotContainKeys("state.old", "state.new", "role.old", "role.new");
  }

  @Test
  void aNodeGoingDownSaysWhatItsStateWasAndIs() {
    apply(new StoreCommand.PutNode(node("n1", Node.Availability.ACTIVE, Node.State.READY), 0));
    apply(new StoreCommand.PutNode(node("n1", Node.Availability.ACTIVE, Node.State.DOWN), 1));

    assertThat(all().get(1).attributes()).containsEntry("state", "down").containsEntry("state.old", "ready")
        .containsEntry("state.new", "down").doesNotContainKeys("availability.old", "role.new");
  }

  @Test
  void taskEventsFollowItsStatesAndNode() {
    apply(new StoreCommand.CreateService(new Service("s1", null, T0, T0, spec("web", 1), null)));
    apply(new StoreCommand.CreateTask(task("t1", "s1", 1)));
    apply(new StoreCommand.AssignTask("t1", "n1", T0));
    apply(new StoreCommand.UpdateTaskStatus("t1", TaskStatus.of(TaskState.RUNNING, T0.plusSeconds(1), "started")));
    apply(new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0.plusSeconds(2)));
    apply(new StoreCommand.RemoveTask("t1"));

    List<Event> tasks = all().stream().filter(e -> e.type() == Event.Type.TASK).toList();
    assertThat(tasks).extracting(Event::action, e -> e.attributes().get("state"),
            e -> e.attributes().get("desiredState"), e -> e.attributes().get("node"))
        .containsExactly(tuple(Event.Action.CREATE, "new", "running", null),
            tuple(Event.Action.UPDATE, "assigned", "running", "n1"),
            tuple(Event.Action.UPDATE, "running", "running", "n1"),
            tuple(Event.Action.UPDATE, "running", "shutdown", "n1"),
            tuple(Event.Action.REMOVE, "running", "shutdown", "n1"));
    assertThat(tasks.get(0).attributes()).containsEntry("name", "web.1").containsEntry("service", "web");
  }

  @Test
  void aRunningTaskTurningUnhealthyIsAnEventButAStreakWithinTheSameHealthIsNot() {
    apply(new StoreCommand.CreateService(new Service("s1", null, T0, T0, spec("web", 1), null)));
    apply(new StoreCommand.CreateTask(task("t1", "s1", 1)));
    apply(new StoreCommand.UpdateTaskStatus("t1", running(HealthStatus.HEALTHY, 0, 1)));
    apply(new StoreCommand.UpdateTaskStatus("t1", running(HealthStatus.HEALTHY, 1, 2)));
    apply(new StoreCommand.UpdateTaskStatus("t1", running(HealthStatus.UNHEALTHY, 3, 3)));

    List<Event> updates = all().stream().filter(e -> e.type() == Event.Type.TASK && e.action() == Event.Action.UPDATE)
        .toList();
    assertThat(updates).extracting(e -> e.attributes().get("health")).containsExactly("healthy", "unhealthy");
  }

  private static TaskStatus running(HealthStatus health, int streak, int second) {
    Instant at = T0.plusSeconds(second);
    return new TaskStatus(T0, TaskState.RUNNING, "started", null, new ContainerStatus("t1", 7L, null,
        new Health(health, streak, List.of(new Health.Result(at, at, streak == 0 ? 0 : 1, "")))));
  }

  @Test
  void keepsOnlyTheNewestEventsUpToItsCapacity() {
    EventLog small = EventLog.start(store, clock, 3);
    try {
      for (int i = 1; i <= 5; i++) {
        apply(new StoreCommand.CreateService(new Service("s" + i, null, T0, T0, spec("svc" + i, 1), null)));
      }
      assertThat(small.eventsSince(T0.minusSeconds(1))).extracting(Event::actorId).containsExactly("s3", "s4", "s5");
    } finally {
      small.close();
    }
  }

  @Test
  void subscribeReplaysFromSinceThenDeliversLiveEvents() {
    apply(new StoreCommand.CreateService(new Service("old", null, T0, T0, spec("old", 1), null)));
    clock.advance(Duration.ofMinutes(5));
    apply(new StoreCommand.CreateService(new Service("recent", null, T0, T0, spec("recent", 1), null)));

    List<Event> live = new ArrayList<>();
    try (EventLog.Subscription sub = log.subscribe(T0.plusSeconds(60), live::add)) {
      assertThat(sub.replay()).extracting(Event::actorId).containsExactly("recent");
      apply(new StoreCommand.CreateService(new Service("new", null, T0, T0, spec("new", 1), null)));
      assertThat(live).extracting(Event::actorId).containsExactly("new");
      assertThat(live.get(0).time()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }
    apply(new StoreCommand.RemoveService("new"));
    assertThat(live).hasSize(1);
  }

  @Test
  void withoutSinceNothingIsReplayed() {
    apply(new StoreCommand.CreateService(new Service("s1", null, T0, T0, spec("web", 1), null)));
    try (EventLog.Subscription sub = log.subscribe(null, e -> { })) {
      assertThat(sub.replay()).isEmpty();
    }
  }
}
