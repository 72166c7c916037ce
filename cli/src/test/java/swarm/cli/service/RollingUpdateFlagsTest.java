package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.core.error.SwarmException;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.UpdateConfig;
import swarm.core.spec.UpdateConfig.FailureAction;
import swarm.core.spec.UpdateConfig.Order;

/**
 * The {@code --update-*} and {@code --rollback-*} flags: Docker's defaults on create, unset = unchanged on update,
 * every value checked with a message naming the flag and what it allows, and nothing sent when one is wrong.
 */
class RollingUpdateFlagsTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir
  Path dir;

  private static ServiceSpec update(ServiceSpec current, String... flags) {
    ServiceUpdate u = new Cli().parse(ServiceFlags.line(List.of("service", "update"), flags, "web"));
    return u.change(Map.of()).applyTo(current);
  }

  @Test
  void createWithoutTheFlagsGetsSwarmsDefaults() {
    ServiceSpec spec = ServiceFlags.webSpec();

    assertThat(spec.updateConfig()).isEqualTo(UpdateConfig.DEFAULT).isEqualTo(
        new UpdateConfig(1L, 0L, FailureAction.PAUSE, 5 * SECOND, 0.0, Order.STOP_FIRST));
    assertThat(spec.rollbackConfig()).isEqualTo(UpdateConfig.DEFAULT);
  }

  @Test
  void createTakesEveryFlagWithDockersSpelling() {
    ServiceSpec spec = ServiceFlags.webSpec("--update-parallelism", "0", "--update-delay", "1m30s",
        "--update-failure-action", "ROLLBACK", "--update-monitor", "500ms", "--update-max-failure-ratio", "0.25",
        "--update-order", "start-first", "--rollback-parallelism", "3", "--rollback-delay", "2s",
        "--rollback-failure-action", "continue", "--rollback-monitor", "0", "--rollback-max-failure-ratio", "1",
        "--rollback-order", "stop-first");

    assertThat(spec.updateConfig()).isEqualTo(new UpdateConfig(0L, 90 * SECOND, FailureAction.ROLLBACK,
        500_000_000L, 0.25, Order.START_FIRST));
    assertThat(spec.rollbackConfig()).isEqualTo(new UpdateConfig(3L, 2 * SECOND, FailureAction.CONTINUE, 0L, 1.0,
        Order.STOP_FIRST));
  }

  @Test
  void updateChangesOnlyTheFieldsGiven() {
    ServiceSpec current = ServiceFlags.webSpec("--update-parallelism", "4", "--update-failure-action", "rollback",
        "--rollback-delay", "3s");

    ServiceSpec updated = update(current, "--update-delay", "2s", "--rollback-parallelism", "0");

    assertThat(updated.updateConfig()).isEqualTo(new UpdateConfig(4L, 2 * SECOND, FailureAction.ROLLBACK, null,
        null, null));
    assertThat(updated.rollbackConfig()).isEqualTo(new UpdateConfig(0L, 3 * SECOND, null, null, null, null));
    assertThat(update(current)).as("no flag, no change").isEqualTo(current);
  }

  @Test
  void everyBadValueIsNamedWithWhatIsAllowedInOneError() {
    assertThatThrownBy(() -> ServiceFlags.webSpec("--update-parallelism", "-1", "--update-delay", "5",
        "--update-failure-action", "explode", "--update-monitor", "-1s", "--update-max-failure-ratio", "1.5",
        "--update-order", "sideways", "--rollback-failure-action", "rollback", "--rollback-max-failure-ratio", "x",
        "--rollback-order", "first"))
        .isInstanceOf(SwarmException.class)
        .hasMessage(String.join("; ",
            "invalid value '-1' for --update-parallelism: must be a whole number 0 or greater",
            "invalid duration '5' for --update-delay: use a number with a unit ns, us, ms, s, m or h (e.g. 10s, 1m30s)",
            "invalid value 'explode' for --update-failure-action: use pause, continue, rollback",
            "invalid duration '-1s' for --update-monitor: use a number with a unit ns, us, ms, s, m or h (e.g. 10s,"
                + " 1m30s)",
            "invalid value '1.5' for --update-max-failure-ratio: must be a number from 0 to 1 (e.g. 0.2)",
            "invalid value 'sideways' for --update-order: use start-first, stop-first",
            "invalid value 'rollback' for --rollback-failure-action: use pause, continue",
            "invalid value 'x' for --rollback-max-failure-ratio: must be a number from 0 to 1 (e.g. 0.2)",
            "invalid value 'first' for --rollback-order: use start-first, stop-first"));
  }

  @Test
  void updateChecksTheValuesBeforeItReadsTheService() {
    ServiceUpdate u = new Cli().parse("service", "update", "--update-parallelism", "two", "--rollback-delay", "",
        "web");
    assertThatThrownBy(() -> u.change(Map.of()))
        .hasMessage("invalid value 'two' for --update-parallelism: must be a whole number 0 or greater;"
            + " invalid duration '' for --rollback-delay: use a number with a unit ns, us, ms, s, m or h"
            + " (e.g. 10s, 1m30s)");
  }

  @Test
  void aBadValueSendsNothing() {
    Cli.Result create = ServiceFlags.runWeb(dir, "--update-order", "random");
    assertThat(create.code()).isEqualTo(1);
    assertThat(create.err()).isEqualTo("error: invalid value 'random' for --update-order: use start-first,"
        + " stop-first" + System.lineSeparator());

    Cli.Result update = new Cli().run("-H", "unix://" + dir.resolve("none.sock"), "service", "update",
        "--rollback-max-failure-ratio", "2", "web");
    assertThat(update.err()).isEqualTo("error: invalid value '2' for --rollback-max-failure-ratio: must be a number"
        + " from 0 to 1 (e.g. 0.2)" + System.lineSeparator());
  }

  @Test
  void helpShowsTheFlagsWithDockersDefaults() {
    Cli.Result help = new Cli().run("service", "update", "--help");
    assertThat(help.out()).contains("--update-parallelism=N", "--update-delay=DURATION",
        "--update-failure-action=ACTION", "--update-monitor=DURATION", "--update-max-failure-ratio=RATIO",
        "--update-order=ORDER", "--rollback-parallelism=N", "--rollback-delay=DURATION",
        "--rollback-failure-action=ACTION", "--rollback-monitor=DURATION", "--rollback-max-failure-ratio=RATIO",
        "--rollback-order=ORDER", "--rollback[", "Roll back to the previous specification");
    Cli.Result rollback = new Cli().run("service", "rollback", "--help");
    assertThat(rollback.out()).contains("swarm service rollback [OPTIONS] SERVICE", "-d, --detach", "-q, --quiet",
        "--format=FORMAT", "--progress-deadline=DURATION");
  }
}
