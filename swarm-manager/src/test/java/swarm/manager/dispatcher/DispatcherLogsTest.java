package swarm.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.manager.state.Store;
import swarm.manager.testing.LocalProposer;
import swarm.manager.testing.MutableClock;
import swarm.manager.testing.StateBuilder;

class DispatcherLogsTest {
  private static final Node.Description DESCRIPTION = new Node.Description("host", null, null);
  private static final LogRequest REQUEST = new LogRequest("r1", List.of("t1"), -1, null, false);

  private final MutableClock clock = new MutableClock();
  private final Store store = new Store();
  private final Dispatcher dispatcher;

  DispatcherLogsTest() {
    store.reset(StateBuilder.state().build());
    dispatcher = new Dispatcher(store, new LocalProposer(store), clock, Duration.ofMillis(10), Duration.ofSeconds(5),
        "m1", HeartbeatPolicy.of(Duration.ofMillis(300)), false);
  }

  @AfterEach
  void close() {
    dispatcher.close();
  }

  private static final class Collected implements LogSource.LogSink {
    final List<LogLine> lines = new CopyOnWriteArrayList<>();
    volatile String end;

    @Override
    public void lines(List<LogLine> batch) {
      lines.addAll(batch);
    }

    @Override
    public void end(String error) {
      end = error == null ? "ok" : error;
    }
  }

  @Test
  void inProcessSessionAnswersFromTheLogSourceItRegistered() {
    LogLine line = new LogLine("t1", Instant.parse("2026-11-26T10:00:00Z"), "stdout", "hi\n");
    List<LogRequest> asked = new CopyOnWriteArrayList<>();
    dispatcher.open("w1", DESCRIPTION, a -> { }, (request, sink) -> {
      asked.add(request);
      sink.lines(List.of(line));
      sink.end(null);
      return () -> { };
    });

    Collected sink = new Collected();
    assertThat(dispatcher.requestLogs("w1", REQUEST, sink)).isPresent();
    assertThat(asked).containsExactly(REQUEST);
    assertThat(sink.lines).containsExactly(line);
    assertThat(sink.end).isEqualTo("ok");
  }

  @Test
  void closedSessionIsNotAskedAndTheReasonNamesTheNodeState() {
    DispatcherClient.Session session = dispatcher.open("w1", DESCRIPTION, a -> { }, (r, s) -> () -> { });
    session.close();
    await().until(() -> store.current().nodes().get("w1").status().state() == Node.State.DISCONNECTED);

    assertThat(dispatcher.requestLogs("w1", REQUEST, new Collected())).isEmpty();
    assertThat(dispatcher.whyNoLogs("w1")).isEqualTo("node is disconnected");
    assertThat(dispatcher.whyNoLogs("nobody")).isEqualTo("node is no longer in the swarm");
  }

  @Test
  void sessionWithoutLogSourceSaysSo() {
    dispatcher.open("w1", DESCRIPTION, a -> { });
    assertThat(dispatcher.requestLogs("w1", REQUEST, new Collected())).isEmpty();
    assertThat(dispatcher.whyNoLogs("w1")).isEqualTo("node does not serve logs");
  }

  @Test
  void nodeWhoseSessionAnotherManagerHoldsIsNamedAsAKnownLimit() {
    Node w2 = new Node("w2", null, Instant.EPOCH, Instant.EPOCH,
        new Node.Spec(Node.Role.WORKER, Node.Availability.ACTIVE, null), DESCRIPTION,
        new Node.Status(Node.State.READY, SessionOwner.message("m2"), null), null);
    new LocalProposer(store).commit(CommandBatch.of(new StoreCommand.PutNode(w2, 0)), Duration.ofSeconds(5));

    assertThat(dispatcher.requestLogs("w2", REQUEST, new Collected())).isEmpty();
    assertThat(dispatcher.whyNoLogs("w2")).contains("manager m2").contains("do not forward logs");
  }
}
