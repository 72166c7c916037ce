package swarm.worker.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Docker's json-file log format, one object per line:
 * {@code {"log":"text\n","stream":"stdout","time":"2024-01-02T03:04:05.123456789Z"}}. Stateless.
 */
final class JsonLogLine {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLogLine() {}

  static String encode(LogEntry e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("log", e.line());
    n.put("stream", e.stream());
    n.put("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
    return n.toString() + "\n";
  }

  /** Parses one line; empty for a line that is not a log entry (e.g. cut short by a crash). */
  static Optional<LogEntry> decode(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.has("log")) {
        return Optional.empty();
      }
      return Optional.of(new LogEntry(Instant.parse(n.path("time").asText()), n.path("stream").asText(),
          n.path("log").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
