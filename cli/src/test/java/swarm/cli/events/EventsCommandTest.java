package swarm.cli.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.core.json.Json;

class EventsCommandTest {
  @TempDir
  Path dir;

  private Cli.Result run(String... args) {
    String[] withHost = new String[args.length + 2];
    withHost[0] = "-H";
    withHost[1] = "unix://" + dir.resolve("none.sock");
    System.arraycopy(args, 0, withHost, 2, args.length);
    return new Cli().run(withHost);
  }

  private static EventsCommand.Request request(String... args) {
    EventsCommand c = new Cli().parse(args);
    return c.request(Cli.NOW);
  }

  @Test
  void sinceAcceptsRfc3339UnixSecondsAndDurationsAgo() {
    assertThat(request("events", "--since", "2026-11-26T14:00:00Z").since())
        .isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));
    assertThat(request("events", "--since", "2026-11-26T15:00:00+01:00").since())
        .isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));
    assertThat(request("events", "--since", "1700000000.5").since()).isEqualTo(Instant.ofEpochSecond(1700000000, 500_000_000));
    assertThat(request("events", "--since", "10m").since()).isEqualTo(Cli.NOW.minus(Duration.ofMinutes(10)));
    assertThat(request("events", "--until", "1h30m").until()).isEqualTo(Cli.NOW.minus(Duration.ofMinutes(90)));
  }

  @Test
  void flagsBecomeTheDaemonsQuery() {
    EventsCommand.Request r = request("events", "--since", "1700000000", "--filter", "type=service", "-f", "type=task",
        "--format", "json");
    assertThat(r.json()).isTrue();
    assertThat(r.types()).containsExactly("service", "task");
    assertThat(r.path()).isEqualTo("/events?since=1700000000.000000000&filters="
        + "%7B%22type%22%3A%5B%22service%22%2C%22task%22%5D%7D");
    assertThat(request("events").path()).isEqualTo("/events");
  }

  @Test
  void badValuesAreOneErrorLineNamingTheFlags() {
    Cli.Result r = run("events", "--since", "yesterday", "--filter", "type=container");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: invalid value 'yesterday' for --since: use an RFC 3339 time")
        .contains("invalid value 'type=container' for --filter: the type must be service, task or node")
        .doesNotContain("cannot connect").hasLineCount(1);
  }

  @Test
  void badFormatAndFilterKeyAreRefused() {
    assertThat(run("events", "--format", "{{.Type}}").err())
        .isEqualTo("error: invalid value '{{.Type}}' for --format: use json (Go templates are not supported)"
            + System.lineSeparator());
    assertThat(run("events", "--filter", "label=x").err())
        .startsWith("error: invalid value 'label=x' for --filter: use type=service");
    assertThatThrownBy(() -> EventTime.parse("--until", "-5m", Cli.NOW)).hasMessageContaining("for --until");
  }

  @Test
  void textLineLooksLikeDockerEvents() {
    JsonNode e = Json.read("{\"Type\":\"service\",\"Action\":\"create\",\"Actor\":{\"ID\":\"abc\","
        + "\"Attributes\":{\"name\":\"web\"}},\"scope\":\"swarm\",\"time\":1795701600,\"timeNano\":1795701600000000001}",
        JsonNode.class);
    assertThat(EventsCommand.text(e)).isEqualTo("2026-11-26T14:00:00.000000001Z service create abc (name=web)");
    JsonNode task = Json.read("{\"Type\":\"task\",\"Action\":\"update\",\"Actor\":{\"ID\":\"t1\","
        + "\"Attributes\":{\"state\":\"running\",\"name\":\"web.1\"}},\"time\":1795701600}", JsonNode.class);
    assertThat(EventsCommand.text(task))
        .isEqualTo("2026-11-26T14:00:00.000000000Z task update t1 (name=web.1, state=running)");
  }
}
