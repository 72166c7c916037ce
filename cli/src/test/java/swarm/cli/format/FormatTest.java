package swarm.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.object.TaskState;

class FormatTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void tableAlignsColumnsWithThreeSpacesAndNoTrailingBlanks() {
    StringWriter w = new StringWriter();
    new Table("ID", "NAME", "PORTS").row("abc", "web", "").row("abcdef", "a", "*:80->80/tcp").print(new PrintWriter(w));
    assertThat(w.toString()).isEqualTo(String.join(System.lineSeparator(),
        "ID       NAME   PORTS",
        "abc      web",
        "abcdef   a      *:80->80/tcp", ""));
  }

  @Test
  void currentStateIsDockers() {
    assertThat(HumanTime.currentState(TaskState.RUNNING, NOW.minusSeconds(3), NOW)).isEqualTo("Running 3 seconds ago");
    assertThat(HumanTime.currentState(TaskState.FAILED, NOW, NOW)).isEqualTo("Failed less than a second ago");
    assertThat(HumanTime.currentState(TaskState.SHUTDOWN, NOW.minusSeconds(90), NOW))
        .isEqualTo("Shutdown about a minute ago");
    assertThat(HumanTime.currentState(TaskState.PENDING, NOW.minusSeconds(7200), NOW))
        .isEqualTo("Pending 2 hours ago");
    assertThat(HumanTime.currentState(TaskState.NEW, null, NOW)).isEqualTo("New");
    assertThat(HumanTime.ago(NOW.minusSeconds(3600), NOW)).isEqualTo("About an hour ago");
  }

  @Test
  void sizesAreDecimalWithThreeDigits() {
    assertThat(HumanSize.of(0)).isEqualTo("0B");
    assertThat(HumanSize.of(999)).isEqualTo("999B");
    assertThat(HumanSize.of(4_261_545)).isEqualTo("4.26MB");
    assertThat(HumanSize.of(1_240_000)).isEqualTo("1.24MB");
    assertThat(HumanSize.of(77_800_000)).isEqualTo("77.8MB");
    assertThat(HumanSize.of(123_456_789)).isEqualTo("123MB");
    assertThat(HumanSize.of(1_000_000)).isEqualTo("1MB");
    assertThat(HumanSize.of(999_999)).isEqualTo("1MB");
  }

  @Test
  void idsAndImagesAreShortenedLikeDocker() {
    assertThat(Ids.shortId("sha256:0123456789abcdef0123")).isEqualTo("0123456789ab");
    assertThat(Ids.shortId("x7kq2m9v3n1p8r5t6w4y0z2ab")).isEqualTo("x7kq2m9v3n1p");
    assertThat(Ids.id("x7kq2m9v3n1p8r5t6w4y0z2ab", true)).isEqualTo("x7kq2m9v3n1p8r5t6w4y0z2ab");
    assertThat(ImageNames.withoutDigest("busybox:1.36@sha256:abc")).isEqualTo("busybox:1.36");
    assertThat(ImageNames.repositoryAndTag("localhost:5000/app")).containsExactly("localhost:5000/app", "latest");
    assertThat(ImageNames.repositoryAndTag("app:v2")).containsExactly("app", "v2");
  }

  @Test
  void inspectJsonLooksLikeDockers() {
    var tree = Json.MAPPER.createArrayNode();
    tree.addObject().put("ID", "x").putArray("Args");
    assertThat(PrettyJson.of(tree)).isEqualTo("[\n    {\n        \"ID\": \"x\",\n        \"Args\": []\n    }\n]");
  }

  @Test
  void jsonLinesHaveSortedKeys() {
    StringWriter w = new StringWriter();
    OutputFormat.jsonLine(new PrintWriter(w, true), Map.of("Name", "web", "ID", "abc", "Mode", "replicated"));
    assertThat(w.toString().trim()).isEqualTo("{\"ID\":\"abc\",\"Mode\":\"replicated\",\"Name\":\"web\"}");
  }

  @Test
  void formatAcceptsTableJsonAndDockersJsonTemplate() {
    assertThat(OutputFormat.parse(null)).isEqualTo(OutputFormat.TABLE);
    assertThat(OutputFormat.parse("json")).isEqualTo(OutputFormat.JSON);
    assertThat(OutputFormat.parse("{{json .}}")).isEqualTo(OutputFormat.JSON);
    assertThatThrownBy(() -> OutputFormat.parse("yaml")).isInstanceOf(SwarmException.class);
    assertThat(List.of(OutputFormat.values())).hasSize(2);
  }
}
