package swarm.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  @Test
  void acceptsDockersSinceForms() {
    assertThat(Timestamps.parse("--since", "2026-11-26T09:00:00Z", NOW)).isEqualTo("2026-11-26T09:00:00Z");
    assertThat(Timestamps.parse("--since", "2026-11-26T10:00:00.5+01:00", NOW)).isEqualTo("2026-11-26T09:00:00.5Z");
    assertThat(Timestamps.parse("--since", "2026-11-26T08:30:00", NOW)).isEqualTo("2026-11-26T08:30:00Z");
    assertThat(Timestamps.parse("--since", "2026-11-25", NOW)).isEqualTo("2026-11-25T00:00:00Z");
    assertThat(Timestamps.parse("--since", "1764151200", NOW)).isEqualTo(Instant.ofEpochSecond(1764151200L));
    assertThat(Timestamps.parse("--since", "1764151200.000000001", NOW))
        .isEqualTo(Instant.ofEpochSecond(1764151200L, 1));
    assertThat(Timestamps.parse("--since", "10m", NOW)).isEqualTo("2026-11-26T09:50:00Z");
    assertThat(Timestamps.parse("--since", "1h30m", NOW)).isEqualTo("2026-11-26T08:30:00Z");
  }

  @Test
  void rejectsOtherTextNamingTheFlag() {
    assertThatThrownBy(() -> Timestamps.parse("--since", "yesterday", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid value 'yesterday' for --since: use an RFC 3339 timestamp");
    assertThatThrownBy(() -> Timestamps.parse("--since", "", NOW)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unixSecondsRoundTrip() {
    Instant t = Instant.ofEpochSecond(1764151200L, 5000);
    assertThat(Timestamps.unixSeconds(t)).isEqualTo("1764151200.000005000");
    assertThat(Timestamps.parse("since", Timestamps.unixSeconds(t), NOW)).isEqualTo(t);
  }
}
