package swarm.worker.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.spec.HealthConfig;
import swarm.worker.exec.ExecResult;
import swarm.worker.testing.FakeContainers;

class HealthCheckerTest {
  private static final long MS = 1_000_000L;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService probes = Executors.newCachedThreadPool();
  private final List<Health> seen = new CopyOnWriteArrayList<>();
  private final Clock clock = Clock.systemUTC();

  @AfterEach
  void stop() {
    timer.shutdownNow();
    probes.shutdownNow();
  }

  private static HealthConfig every10ms(int retries) {
    return new HealthConfig(List.of("CMD-SHELL", "check"), 10 * MS, 50 * MS, null, retries);
  }

  @Test
  void probesEveryIntervalUntilRetriesFailuresThenStops() {
    AtomicInteger runs = new AtomicInteger();
    Probe failing = () -> {
      runs.incrementAndGet();
      Instant now = clock.instant();
      return new Health.Result(now, now, 1, "nope");
    };
    HealthChecker c = new HealthChecker("t", every10ms(2), failing, clock, timer, probes, seen::add).start();
    await().until(() -> c.health().status() == HealthStatus.UNHEALTHY);
    assertThat(seen).extracting(Health::status).containsExactly(HealthStatus.STARTING, HealthStatus.UNHEALTHY);
    await().during(Duration.ofMillis(100)).until(() -> runs.get() == 2);
  }

  @Test
  void stoppedCheckerProbesNoMore() {
    AtomicInteger runs = new AtomicInteger();
    Probe ok = () -> {
      runs.incrementAndGet();
      Instant now = clock.instant();
      return new Health.Result(now, now, 0, "");
    };
    HealthChecker c = new HealthChecker("t", every10ms(3), ok, clock, timer, probes, seen::add).start();
    await().until(() -> c.health().status() == HealthStatus.HEALTHY);
    c.stop();
    int after = runs.get();
    await().during(Duration.ofMillis(100)).until(() -> runs.get() <= after + 1);
  }

  @Test
  void aProbeThatTimesOutFailsWithDockersMessage() {
    FakeContainers containers = new FakeContainers();
    containers.execs = argv -> new ExecResult(-1, "partial", true);
    HealthConfig hc = new HealthConfig(List.of("CMD", "sleep", "9"), 10 * MS, 1_500 * MS, null, 1);
    Health.Result r = new ExecProbe(containers, "t", hc, clock).run();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.output()).isEqualTo("Health check exceeded timeout (1500ms)");
  }

  @Test
  void aProbeThatCannotRunCountsAsAFailure() {
    Probe broken = () -> {
      throw new IllegalStateException("container t is not running");
    };
    HealthChecker c = new HealthChecker("t", every10ms(1), broken, clock, timer, probes, seen::add).start();
    await().until(() -> c.health().status() == HealthStatus.UNHEALTHY);
    assertThat(c.health().log().get(0).output()).isEqualTo("container t is not running");
    assertThat(c.health().log().get(0).exitCode()).isEqualTo(-1);
  }
}
