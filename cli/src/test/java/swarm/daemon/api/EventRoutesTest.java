package swarm.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.manager.events.Event;

class EventRoutesTest {
  @Test
  void typeFilterTakesDockersListAndMapForms() {
    assertThat(EventRoutes.types(null)).containsExactlyInAnyOrder(Event.Type.values());
    assertThat(EventRoutes.types("{\"type\":[\"service\",\"node\"]}"))
        .containsExactlyInAnyOrder(Event.Type.SERVICE, Event.Type.NODE);
    assertThat(EventRoutes.types("{\"type\":{\"task\":true}}")).containsExactly(Event.Type.TASK);
  }

  @Test
  void badTypeIsRefusedNamingTheAllowedValues() {
    assertThatThrownBy(() -> EventRoutes.types("{\"type\":[\"container\"]}"))
        .isInstanceOf(SwarmException.class)
        .hasMessageContaining("invalid filter 'type=container': use service, node or task");
  }

  @Test
  void timesAreUnixSecondsOrRfc3339() {
    assertThat(EventRoutes.time("since", "1700000000.25")).isEqualTo(Instant.ofEpochSecond(1700000000, 250_000_000));
    assertThat(EventRoutes.time("since", "2026-11-26T14:00:00Z")).isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));
    assertThatThrownBy(() -> EventRoutes.time("until", "soon")).hasMessageContaining("invalid value 'soon' for until");
  }

  @Test
  void wireShapeIsDockers() {
    Event e = new Event(Event.Type.SERVICE, Event.Action.CREATE, "s1", Map.of("name", "web"),
        Instant.ofEpochSecond(1795701600, 5));
    assertThat(Json.toString(EventRoutes.wire(e))).isEqualTo("{\"Type\":\"service\",\"Action\":\"create\","
        + "\"Actor\":{\"ID\":\"s1\",\"Attributes\":{\"name\":\"web\"}},\"scope\":\"swarm\",\"time\":1795701600,"
        + "\"timeNano\":1795701600000000005}");
  }
}
