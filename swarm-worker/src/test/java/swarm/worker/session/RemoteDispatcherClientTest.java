package swarm.worker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.dispatch.SessionMessage;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.worker.agent.Agent;
import swarm.worker.testing.FakeContainers;
import swarm.worker.testing.Tasks;

class RemoteDispatcherClientTest {
  private static final Node.Description DESCRIPTION = new Node.Description("w1-host", null, null);
  private static final Duration FAST_BACKOFF = Duration.ofMillis(20);

  private final Vertx vertx = Vertx.vertx();
  private final TestPki pki = new TestPki();
  private final ManagerTls worker = pki.node("w1", "swarm-worker");
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<Assignments> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    vertx.close().await();
  }

  private FakeManager manager(String id, int port, List<Task> tasks) {
    FakeManager m = new FakeManager(vertx, pki.node(id, "swarm-manager"), port, tasks, 100);
    closeables.add(m);
    return m;
  }

  private RemoteDispatcherClient client(String... managers) {
    RemoteDispatcherClient c = new RemoteDispatcherClient(vertx, worker, List.of(managers), FAST_BACKOFF,
        Duration.ofMillis(200));
    closeables.add(c);
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static TaskStatusReport report(String taskId, TaskState state) {
    return new TaskStatusReport(taskId, TaskStatus.of(state, Instant.now(), state.wire()));
  }

  @Test
  void assignmentsFlowToTheWorkerAndReportsToTheManagerUnderTheCertificatesNodeId() {
    FakeManager m1 = manager("m1", 0, List.of(Tasks.assigned("t1", "busybox", List.of("sleep", "9"))));
    RemoteSession session = client(m1.address()).open("w1", DESCRIPTION, received::add);

    await().until(() -> !received.isEmpty());
    assertThat(received.get(0).tasks()).extracting(Task::id).containsExactly("t1");
    assertThat(m1.nodeIds).containsExactly("w1");
    assertThat(m1.descriptions).containsExactly(DESCRIPTION);
    assertThat(session.connectedManager()).contains(m1.address());

    session.report(List.of(report("t1", TaskState.RUNNING)));
    await().until(() -> !m1.reports.isEmpty());
    assertThat(m1.reports.get(0).status().state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void heartbeatsAtThePeriodTheManagerGives() {
    FakeManager m1 = manager("m1", 0, List.of());
    client(m1.address()).open("w1", DESCRIPTION, received::add);
    await().atMost(Duration.ofSeconds(3)).until(() -> m1.heartbeats.get() >= 5); // period 100 ms
  }

  @Test
  void whenItsManagerDiesItReconnectsToAnotherAndGetsTheFullAssignmentsAndItsQueuedReports() throws IOException {
    List<Task> tasks = List.of(Tasks.assigned("t1", "busybox", List.of("sleep", "9")));
    FakeManager m1 = manager("m1", 0, tasks);
    int m2Port = freePort();
    RemoteSession session = client(m1.address(), "127.0.0.1:" + m2Port).open("w1", DESCRIPTION, received::add);
    await().until(() -> received.size() == 1);

    m1.close();
    await().until(() -> session.connectedManager().isEmpty());
    session.report(List.of(report("t1", TaskState.STARTING)));
    session.report(List.of(report("t1", TaskState.RUNNING))); // while disconnected: queued, latest wins
    FakeManager m2 = manager("m2", m2Port, tasks);

    await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
    assertThat(received.get(1).tasks()).extracting(Task::id).containsExactly("t1");
    assertThat(m2.nodeIds).containsExactly("w1");
    assertThat(m2.descriptions).containsExactly(DESCRIPTION);
    assertThat(session.connectedManager()).contains("127.0.0.1:" + m2Port);
    await().until(() -> !m2.reports.isEmpty());
    assertThat(m2.reports).extracting(r -> r.status().state()).containsExactly(TaskState.RUNNING);
  }

  @Test
  void aReturningNodeStopsTheTasksItsManagerNowWantsShutDown() {
    Task t1 = Tasks.assigned("t1", "busybox", List.of("sleep", "9"));
    FakeManager m1 = manager("m1", 0, List.of(t1));
    // Meanwhile t1 was replaced elsewhere: the other manager holds it at desired SHUTDOWN for this node.
    FakeManager m2 = manager("m2", 0, List.of(Tasks.desired(t1, TaskState.SHUTDOWN)));
    FakeContainers containers = new FakeContainers();
    Agent agent = new Agent("w1", containers, Clock.systemUTC());
    closeables.add(agent);
    DispatcherClient dispatcher = client(m1.address(), m2.address());
    agent.start(dispatcher, DESCRIPTION);
    await().until(() -> containers.calls.contains("start t1"));

    m1.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> containers.calls.stream().anyMatch(c -> c.startsWith("stop t1")));
    await().until(() -> m2.reports.stream()
        .anyMatch(r -> r.taskId().equals("t1") && r.status().state() == TaskState.SHUTDOWN));
  }

  @Test
  void aNodeCanOpenASessionOnlyUnderTheIdItsCertificateNames() {
    FakeManager m1 = manager("m1", 0, List.of());
    assertThatThrownBy(() -> client(m1.address()).open("w2", DESCRIPTION, received::add))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w1");
  }

  @Test
  void aPeerThatIsNotAManagerIsLeftForTheNextAddress() {
    FakeManager impostor = new FakeManager(vertx, pki.node("w7", "swarm-worker"), 0, List.of(), 100);
    closeables.add(impostor);
    FakeManager m2 = manager("m2", 0, List.of());
    RemoteSession session = client(impostor.address(), m2.address()).open("w1", DESCRIPTION, received::add);
    await().until(() -> session.connectedManager().isPresent());
    assertThat(session.connectedManager()).contains(m2.address());
    assertThat(impostor.nodeIds).isEmpty();
  }

  @Test
  void logRequestsAreAnsweredFromTheRegisteredSourceAndCancelledOnRequest() {
    FakeManager m1 = manager("m1", 0, List.of());
    LogLine line = new LogLine("t1", java.time.Instant.parse("2026-11-26T10:00:00Z"), "stdout", "hi\n");
    List<LogRequest> asked = new CopyOnWriteArrayList<>();
    List<String> cancelled = new CopyOnWriteArrayList<>();
    LogSource source = (request, sink) -> {
      asked.add(request);
      if (!request.follow()) {
        sink.lines(List.of(line));
        sink.end(null);
      }
      return () -> cancelled.add(request.requestId());
    };
    RemoteSession session = client(m1.address()).open("w1", DESCRIPTION, received::add, source);
    await().until(() -> session.connectedManager().isPresent());

    LogRequest once = new LogRequest("r1", List.of("t1"), 3, null, false);
    m1.send(SessionMessage.Logs.of(once));
    await().until(() -> m1.logAnswers.size() == 2);
    assertThat(asked).containsExactly(once);
    assertThat(m1.logAnswers).containsExactly(new SessionMessage.LogLines("r1", List.of(line)),
        new SessionMessage.LogEnd("r1", null));

    m1.send(SessionMessage.Logs.of(new LogRequest("r2", List.of("t1"), -1, null, true)));
    await().until(() -> asked.size() == 2);
    m1.send(new SessionMessage.LogCancel("r2"));
    await().until(() -> cancelled.contains("r2"));
  }
}
