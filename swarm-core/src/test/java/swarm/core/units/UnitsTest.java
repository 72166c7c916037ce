package swarm.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void durationsParseGoStyleCompoundValues() {
    assertThat(Durations.parse("--x", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("--x", "1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("--x", "1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
    assertThat(Durations.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("--x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("--x", "0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void badDurationNamesTheFlagAndTheAllowedForm() {
    for (String bad : new String[] {"", "10", "abc", "10x", "1m30", "-5s"}) {
      assertThatThrownBy(() -> Durations.parse("--restart-delay", bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--restart-delay").hasMessageContaining("1m30s");
    }
  }

  @Test
  void durationsFormatLikeGo() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void sizesUseBinaryUnits() {
    assertThat(ByteSize.parse("--limit-memory", "64M")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("--limit-memory", "1g")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("--limit-memory", "512k")).isEqualTo(512L << 10);
    assertThat(ByteSize.parse("--limit-memory", "100")).isEqualTo(100);
    assertThat(ByteSize.parse("--limit-memory", "64MiB")).isEqualTo(64L << 20);
    assertThatThrownBy(() -> ByteSize.parse("--limit-memory", "12Q")).hasMessageContaining("--limit-memory")
        .hasMessageContaining("12Q");
  }

  @Test
  void sizesBeyondWhatALongHoldsAreRefusedInsteadOfCapped() {
    for (String tooLarge : new String[] {"99999999999G", "8192P", "9223372036854775808", "8388608T"}) {
      assertThatThrownBy(() -> ByteSize.parse("--limit-memory", tooLarge)).as(tooLarge)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("invalid size '" + tooLarge + "' for --limit-memory: too large, the most is "
              + "9223372036854775807 bytes (8EiB)");
    }
    assertThat(ByteSize.parse("--limit-memory", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(ByteSize.parse("--limit-memory", "8191P")).isEqualTo(8191L << 50);
    assertThat(ByteSize.parse("--limit-memory", "1.5g")).isEqualTo(3L << 29);
  }
}
