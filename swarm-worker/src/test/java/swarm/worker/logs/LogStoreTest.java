package swarm.worker.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;

class LogStoreTest {
  @TempDir
  Path containers;
  private LogStore logs;
  private Path dir;

  @BeforeEach
  void open() throws IOException {
    dir = Files.createDirectories(containers.resolve("c1"));
    logs = new LogStore(containers);
  }

  @AfterEach
  void close() {
    logs.close();
  }

  private void write(String stream, String text) throws IOException {
    Files.writeString(dir.resolve(stream + ".raw"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void rawOutputBecomesDockerJsonLines() throws IOException {
    write("stdout", "hello\nworld\n");
    write("stderr", "oops\n");
    List<LogEntry> entries = logs.read("c1", -1);
    assertThat(entries).extracting(LogEntry::stream, LogEntry::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("stdout", "hello\n"),
            org.assertj.core.groups.Tuple.tuple("stdout", "world\n"), org.assertj.core.groups.Tuple.tuple("stderr", "oops\n"));
    String first = Files.readAllLines(dir.resolve("container.log")).get(0);
    assertThat(first).matches("\\{\"log\":\"hello\\\\n\",\"stream\":\"stdout\",\"time\":\"[0-9T:.\\-]+Z\"}");
  }

  @Test
  void tailKeepsTheLastLinesAndOffsetsPreventRepeats() throws IOException {
    write("stdout", "1\n2\n3\n");
    assertThat(logs.read("c1", 2)).extracting(LogEntry::line).containsExactly("2\n", "3\n");
    logs.close();
    logs = new LogStore(containers); // a restarted daemon continues from the saved offsets
    write("stdout", "4\n");
    assertThat(logs.read("c1", -1)).extracting(LogEntry::line).containsExactly("1\n", "2\n", "3\n", "4\n");
  }

  @Test
  void partialLineWaitsUntilCompletedOrFinished() throws IOException {
    write("stdout", "par");
    assertThat(logs.read("c1", -1)).isEmpty();
    write("stdout", "tial\nend");
    assertThat(logs.read("c1", -1)).extracting(LogEntry::line).containsExactly("partial\n");
    logs.finish("c1");
    assertThat(logs.read("c1", -1)).extracting(LogEntry::line).containsExactly("partial\n", "end");
  }

  @Test
  void followSeesNewLines() throws Exception {
    write("stdout", "old\n");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (AutoCloseable f = logs.follow("c1", 1, e -> seen.add(e.line()))) {
      write("stderr", "new\n");
      await().until(() -> seen.size() == 2);
    }
    assertThat(seen).containsExactly("old\n", "new\n");
  }

  @Test
  void unknownContainerIsNotFound() {
    assertThatThrownBy(() -> logs.read("nope", -1)).isInstanceOf(SwarmException.class)
        .hasMessageContaining("no such container: nope");
  }
}
