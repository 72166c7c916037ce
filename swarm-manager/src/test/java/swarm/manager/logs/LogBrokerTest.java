package swarm.manager.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.object.Task;

class LogBrokerTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  /** Fake sessions: per node, either stored lines answered at once, silence, or no session at all. */
  private static final class FakeNodes implements NodeLogs {
    final Map<String, List<LogLine>> stored = new HashMap<>();
    final List<String> silent = new ArrayList<>();
    final List<LogRequest> requests = new CopyOnWriteArrayList<>();
    final Map<String, LogSource.LogSink> followers = new HashMap<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();

    @Override
    public Optional<AutoCloseable> request(String nodeId, LogRequest request, LogSource.LogSink sink) {
      if (!stored.containsKey(nodeId) && !silent.contains(nodeId)) {
        return Optional.empty();
      }
      requests.add(request);
      if (request.follow()) {
        followers.put(nodeId, sink);
      } else if (!silent.contains(nodeId)) {
        sink.lines(stored.get(nodeId).stream().filter(l -> request.taskIds().contains(l.taskId())).toList());
        sink.end(null);
      }
      return Optional.of(() -> cancelled.add(nodeId));
    }

    @Override
    public String whyUnavailable(String nodeId) {
      return "node is down";
    }
  }

  private static Task task(String id, String nodeId) {
    return new Task(id, null, T0, T0, "svc", "web", 1L, nodeId, null, null, null, null, null, null);
  }

  private static LogLine line(String task, int second, String text) {
    return new LogLine(task, T0.plusSeconds(second), "stdout", text + "\n");
  }

  private static List<String> texts(List<TaskLine> lines) {
    return lines.stream().map(l -> l.line().line().strip()).toList();
  }

  @Test
  void linesOfEveryNodeAreMergedInTimeOrder() {
    FakeNodes nodes = new FakeNodes();
    nodes.stored.put("n1", List.of(line("a", 1, "a1"), line("a", 4, "a4")));
    nodes.stored.put("n2", List.of(line("b", 2, "b2"), line("b", 3, "b3")));
    nodes.stored.put("n3", List.of(line("c", 0, "c0")));

    LogBroker.Logs logs = new LogBroker(nodes).collect(
        List.of(task("a", "n1"), task("b", "n2"), task("c", "n3")), -1, null);

    assertThat(texts(logs.lines())).containsExactly("c0", "a1", "b2", "b3", "a4");
    assertThat(logs.notices()).isEmpty();
    assertThat(nodes.requests).hasSize(3).allMatch(r -> r.taskIds().size() == 1 && !r.follow());
  }

  @Test
  void tailAppliesPerTaskAndSinceDropsOlderLines() {
    FakeNodes nodes = new FakeNodes();
    nodes.stored.put("n1", List.of(line("a", 1, "a1"), line("a", 2, "a2"), line("a", 5, "a5"),
        line("b", 3, "b3"), line("b", 6, "b6")));

    List<Task> tasks = List.of(task("a", "n1"), task("b", "n1"));
    assertThat(texts(new LogBroker(nodes).collect(tasks, 1, null).lines())).containsExactly("a5", "b6");
    assertThat(texts(new LogBroker(nodes).collect(tasks, -1, T0.plusSeconds(3)).lines()))
        .containsExactly("b3", "a5", "b6");
    assertThat(texts(new LogBroker(nodes).collect(tasks, 1, T0.plusSeconds(2)).lines())).containsExactly("a5", "b6");
    assertThat(nodes.requests.get(0).taskIds()).containsExactly("a", "b"); // one request per node
    assertThat(nodes.requests.get(0).tail()).isEqualTo(1);
  }

  @Test
  void nodeWithoutSessionIsNamedInsteadOfWaitedFor() {
    FakeNodes nodes = new FakeNodes();
    nodes.stored.put("n1", List.of(line("a", 1, "a1")));

    LogBroker.Logs logs = new LogBroker(nodes).collect(List.of(task("a", "n1"), task("b", "n2")), -1, null);

    assertThat(texts(logs.lines())).containsExactly("a1");
    assertThat(logs.notices()).containsExactly("logs of tasks on node n2 are unavailable: node is down");
  }

  @Test
  void silentNodeTimesOutWithANoticeAndItsRequestIsCancelled() {
    FakeNodes nodes = new FakeNodes();
    nodes.stored.put("n1", List.of(line("a", 1, "a1")));
    nodes.silent.add("n2");

    LogBroker.Logs logs = new LogBroker(nodes, Duration.ofMillis(200))
        .collect(List.of(task("a", "n1"), task("b", "n2")), -1, null);

    assertThat(texts(logs.lines())).containsExactly("a1");
    assertThat(logs.notices()).singleElement().asString()
        .startsWith("logs of tasks on node n2 are unavailable: node did not answer");
    assertThat(nodes.cancelled).containsExactly("n2");
  }

  @Test
  void tasksNeverScheduledAreSkipped() {
    FakeNodes nodes = new FakeNodes();
    LogBroker.Logs logs = new LogBroker(nodes).collect(List.of(task("p", null)), -1, null);
    assertThat(logs.lines()).isEmpty();
    assertThat(logs.notices()).isEmpty();
    assertThat(nodes.requests).isEmpty();
  }

  @Test
  void followForwardsLinesAsTheyComeAndReportsEndedSessions() throws Exception {
    FakeNodes nodes = new FakeNodes();
    nodes.stored.put("n1", List.of());
    nodes.stored.put("n2", List.of());
    List<String> seen = new CopyOnWriteArrayList<>();
    LogBroker.Listener listener = new LogBroker.Listener() {
      @Override
      public void line(TaskLine line) {
        seen.add(line.task().nodeId() + ":" + line.line().line().strip());
      }

      @Override
      public void notice(String message) {
        seen.add(message);
      }
    };

    AutoCloseable handle = new LogBroker(nodes).follow(
        List.of(task("a", "n1"), task("b", "n2"), task("c", "n3")), 5, null, listener);
    nodes.followers.get("n2").lines(List.of(line("b", 1, "b1")));
    nodes.followers.get("n1").lines(List.of(line("a", 2, "a2"), line("zzz", 2, "not requested")));
    nodes.followers.get("n2").end("the session of node n2 closed");
    handle.close();
    nodes.followers.get("n1").lines(List.of(line("a", 3, "after close")));

    assertThat(seen).containsExactly("logs of tasks on node n3 are unavailable: node is down", "n2:b1", "n1:a2",
        "logs of tasks on node n2 stopped: the session of node n2 closed");
    assertThat(nodes.requests).allMatch(r -> r.follow() && r.tail() == 5);
    assertThat(nodes.cancelled).containsExactlyInAnyOrder("n1", "n2");
  }
}
