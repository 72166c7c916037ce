package swarm.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;

class LogMessagesTest {
  private static final Instant T = Instant.parse("2026-11-26T14:00:00.123456789Z");

  @Test
  void logRequestTravelsAsJsonWithDockerStyleFieldNames() {
    LogRequest request = new LogRequest("r1", List.of("t1", "t2"), 10, T, true);
    String json = Json.toString(SessionMessage.Logs.of(request));

    assertThat(json).contains("\"Type\":\"logs\"", "\"RequestID\":\"r1\"", "\"TaskIDs\":[\"t1\",\"t2\"]",
        "\"Tail\":10", "\"Since\":\"2026-11-26T14:00:00.123456789Z\"", "\"Follow\":true");
    SessionMessage read = Json.read(json, SessionMessage.class);
    assertThat(read).isInstanceOf(SessionMessage.Logs.class);
    assertThat(((SessionMessage.Logs) read).request()).isEqualTo(request);
  }

  @Test
  void requestWithoutSinceReadsBackAsAll() {
    SessionMessage read = Json.read("{\"Type\":\"logs\",\"RequestID\":\"r\",\"TaskIDs\":[\"t\"],\"Tail\":-1}",
        SessionMessage.class);
    assertThat(((SessionMessage.Logs) read).request()).isEqualTo(new LogRequest("r", List.of("t"), -1, null, false));
  }

  @Test
  void linesEndAndCancelRoundTrip() {
    var lines = new SessionMessage.LogLines("r1", List.of(new LogLine("t1", T, "stderr", "oops\n")));
    var end = new SessionMessage.LogEnd("r1", "no such task");
    var cancel = new SessionMessage.LogCancel("r1");

    String linesJson = Json.toString(lines);
    assertThat(linesJson).contains("\"Type\":\"log-lines\"", "\"TaskID\":\"t1\"", "\"Stream\":\"stderr\"",
        "\"Line\":\"oops\\n\"", "\"Time\":\"2026-11-26T14:00:00.123456789Z\"");
    assertThat(Json.read(linesJson, SessionMessage.class)).isEqualTo(lines);
    assertThat(Json.toString(end)).contains("\"Type\":\"log-end\"", "\"Error\":\"no such task\"");
    assertThat(Json.read(Json.toString(end), SessionMessage.class)).isEqualTo(end);
    assertThat(Json.toString(cancel)).contains("\"Type\":\"log-cancel\"");
    assertThat(Json.read(Json.toString(cancel), SessionMessage.class)).isEqualTo(cancel);
  }
}
