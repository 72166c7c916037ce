package swarm.worker.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;

class LogServerTest {
  @TempDir
  Path containers;
  private LogStore store;
  private LogServer server;
  private final List<LogLine> lines = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> ended = new AtomicReference<>();
  private final LogSource.LogSink sink = new LogSource.LogSink() {
    @Override
    public void lines(List<LogLine> batch) {
      lines.addAll(batch);
    }

    @Override
    public void end(String error) {
      ended.set(error == null ? "ok" : error);
    }
  };

  @BeforeEach
  void open() {
    store = new LogStore(containers);
    server = new LogServer(store);
  }

  @AfterEach
  void close() {
    server.close();
    store.close();
  }

  private void write(String task, String text) throws IOException {
    Path dir = Files.createDirectories(containers.resolve(task));
    Files.writeString(dir.resolve("stdout.raw"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void answersTheTailOfEachTaskAndSkipsTasksWithoutContainer() throws IOException {
    write("t1", "a\nb\nc\n");
    write("t2", "x\n");
    server.serve(new LogRequest("r", List.of("t1", "t2", "gone"), 2, null, false), sink);
    await().until(() -> ended.get() != null);
    assertThat(ended.get()).isEqualTo("ok");
    assertThat(lines).extracting(LogLine::taskId, LogLine::line).containsExactly(
        org.assertj.core.groups.Tuple.tuple("t1", "b\n"), org.assertj.core.groups.Tuple.tuple("t1", "c\n"),
        org.assertj.core.groups.Tuple.tuple("t2", "x\n"));
  }

  @Test
  void followWaitsForTheContainerAndStreamsUntilCancelled() throws Exception {
    AutoCloseable handle = server.serve(new LogRequest("r", List.of("late"), -1, null, true), sink);
    write("late", "first\n");
    await().until(() -> lines.size() == 1);
    write("late", "second\n");
    await().until(() -> lines.size() == 2);
    handle.close();
    assertThat(ended.get()).isEqualTo("ok");
    write("late", "after\n");
    Thread.sleep(400); // nothing more may come after the end; no observable event marks "nothing came"
    assertThat(lines).extracting(LogLine::line).containsExactly("first\n", "second\n");
  }
}
