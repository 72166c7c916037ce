package swarm.worker.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;

class HealthMonitorTest {
  private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

  private static Health.Result at(int second, int exitCode) {
    Instant start = STARTED.plusSeconds(second);
    return new Health.Result(start, start.plusMillis(10), exitCode, "exit " + exitCode);
  }

  @Test
  void staysStartingUntilRetriesFailuresInARowThenTurnsUnhealthy() {
    HealthMonitor m = new HealthMonitor(STARTED, Duration.ZERO, 3);
    assertThat(m.record(at(1, 1)).status()).isEqualTo(HealthStatus.STARTING);
    assertThat(m.record(at(2, 1)).failingStreak()).isEqualTo(2);
    Health h = m.record(at(3, 1));
    assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(h.failingStreak()).isEqualTo(3);
  }

  @Test
  void aSuccessMakesItHealthyAndResetsTheStreak() {
    HealthMonitor m = new HealthMonitor(STARTED, Duration.ZERO, 3);
    m.record(at(1, 1));
    m.record(at(2, 1));
    Health h = m.record(at(3, 0));
    assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(h.failingStreak()).isZero();
    m.record(at(4, 1));
    assertThat(m.record(at(5, 1)).status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(m.record(at(6, 2)).status()).as("any non-zero exit is a failure").isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void failuresWithinTheStartPeriodDoNotCount() {
    HealthMonitor m = new HealthMonitor(STARTED, Duration.ofSeconds(10), 1);
    for (int s = 0; s < 10; s++) {
      Health h = m.record(at(s, 1));
      assertThat(h.status()).isEqualTo(HealthStatus.STARTING);
      assertThat(h.failingStreak()).isZero();
    }
    assertThat(m.record(at(10, 1)).status()).as("the period is over").isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void aSuccessEndsTheStartPeriod() {
    HealthMonitor m = new HealthMonitor(STARTED, Duration.ofSeconds(60), 1);
    assertThat(m.inStartPeriod(STARTED.plusSeconds(1))).isTrue();
    m.record(at(1, 0));
    assertThat(m.inStartPeriod(STARTED.plusSeconds(2))).isFalse();
    assertThat(m.record(at(2, 1)).status()).isEqualTo(HealthStatus.UNHEALTHY);
  }

  @Test
  void keepsTheLastFiveResults() {
    HealthMonitor m = new HealthMonitor(STARTED, Duration.ZERO, 100);
    for (int s = 0; s < 8; s++) {
      m.record(at(s, s));
    }
    assertThat(m.health().log()).extracting(Health.Result::exitCode).containsExactly(3, 4, 5, 6, 7);
  }
}
