package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressDeadlineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void passesOnlyWhenNothingChangedForTheLimitPlusTheAllowance() {
    ProgressDeadline d = new ProgressDeadline(Duration.ofMinutes(1));
    Duration quiet = Duration.ofSeconds(5);

    assertThat(d.passed("pending", T0, quiet)).isFalse();
    assertThat(d.passed("pending", T0.plusSeconds(65), quiet)).isFalse();
    assertThat(d.passed("pending", T0.plusSeconds(66), quiet)).isTrue();
  }

  @Test
  void anyChangeRestartsTheClock() {
    ProgressDeadline d = new ProgressDeadline(Duration.ofSeconds(10));

    assertThat(d.passed("1/2: preparing", T0, Duration.ZERO)).isFalse();
    assertThat(d.passed("1/2: starting", T0.plusSeconds(9), Duration.ZERO)).isFalse();
    assertThat(d.passed("1/2: starting", T0.plusSeconds(18), Duration.ZERO)).isFalse();
    assertThat(d.passed("1/2: starting", T0.plusSeconds(20), Duration.ZERO)).isTrue();
  }
}
