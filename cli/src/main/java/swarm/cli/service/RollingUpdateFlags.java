package swarm.cli.service;

import picocli.CommandLine.Option;
import swarm.cli.FlagValues;
import swarm.core.spec.UpdateConfig;

/**
 * Docker's {@code --update-*} and {@code --rollback-*} flags of {@code service create} and {@code service update}:
 * how the managers' updater replaces a service's tasks ({@code UpdateConfig}) and how it rolls them back
 * ({@code RollbackConfig}), with Docker's names, defaults and help. A flag left out keeps the config's value: for
 * create that is Swarm's default, for update what the service has. A picocli mixin, like {@link TaskFlags}; not
 * thread-safe, one per command invocation.
 */
final class RollingUpdateFlags {
  @Option(names = "--update-parallelism", paramLabel = "N",
      description = "Maximum number of tasks updated simultaneously (0 to update all at once) (default 1)")
  String updateParallelism;

  @Option(names = "--update-delay", paramLabel = "DURATION",
      description = "Delay between updates (ns|us|ms|s|m|h) (default 0s)")
  String updateDelay;

  @Option(names = "--update-failure-action", paramLabel = "ACTION",
      description = "Action on update failure: pause, continue or rollback (default pause)")
  String updateFailureAction;

  @Option(names = "--update-monitor", paramLabel = "DURATION",
      description = "Duration after each task update to monitor for failure (ns|us|ms|s|m|h) (default 5s)")
  String updateMonitor;

  @Option(names = "--update-max-failure-ratio", paramLabel = "RATIO",
      description = "Failure rate to tolerate during an update, 0 to 1 (default 0)")
  String updateMaxFailureRatio;

  @Option(names = "--update-order", paramLabel = "ORDER",
      description = "Update order: start-first or stop-first (default stop-first)")
  String updateOrder;

  @Option(names = "--rollback-parallelism", paramLabel = "N",
      description = "Maximum number of tasks rolled back simultaneously (0 to roll back all at once) (default 1)")
  String rollbackParallelism;

  @Option(names = "--rollback-delay", paramLabel = "DURATION",
      description = "Delay between task rollbacks (ns|us|ms|s|m|h) (default 0s)")
  String rollbackDelay;

  @Option(names = "--rollback-failure-action", paramLabel = "ACTION",
      description = "Action on rollback failure: pause or continue (default pause)")
  String rollbackFailureAction;

  @Option(names = "--rollback-monitor", paramLabel = "DURATION",
      description = "Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h) (default 5s)")
  String rollbackMonitor;

  @Option(names = "--rollback-max-failure-ratio", paramLabel = "RATIO",
      description = "Failure rate to tolerate during a rollback, 0 to 1 (default 0)")
  String rollbackMaxFailureRatio;

  @Option(names = "--rollback-order", paramLabel = "ORDER",
      description = "Rollback order: start-first or stop-first (default stop-first)")
  String rollbackOrder;

  /** The values given, checked: each bad one is reported to {@code v} by flag; an absent or bad one is null. */
  Changes parse(FlagValues v) {
    ConfigChange update = new ConfigChange(v.wholeNumber("--update-parallelism", updateParallelism),
        v.durationNanos("--update-delay", updateDelay),
        failureAction(v.oneOf("--update-failure-action", updateFailureAction, "pause", "continue", "rollback")),
        v.durationNanos("--update-monitor", updateMonitor),
        v.fraction("--update-max-failure-ratio", updateMaxFailureRatio),
        order(v.oneOf("--update-order", updateOrder, "start-first", "stop-first")));
    // A rollback is never rolled back (swarmkit pauses instead), so rollback is not one of its actions.
    ConfigChange rollback = new ConfigChange(v.wholeNumber("--rollback-parallelism", rollbackParallelism),
        v.durationNanos("--rollback-delay", rollbackDelay),
        failureAction(v.oneOf("--rollback-failure-action", rollbackFailureAction, "pause", "continue")),
        v.durationNanos("--rollback-monitor", rollbackMonitor),
        v.fraction("--rollback-max-failure-ratio", rollbackMaxFailureRatio),
        order(v.oneOf("--rollback-order", rollbackOrder, "start-first", "stop-first")));
    return new Changes(update, rollback);
  }

  private static UpdateConfig.FailureAction failureAction(String wire) {
    return wire == null ? null : UpdateConfig.FailureAction.parse(wire);
  }

  private static UpdateConfig.Order order(String wire) {
    return wire == null ? null : UpdateConfig.Order.parse(wire);
  }

  /** What the flags change in the update and the rollback config. */
  record Changes(ConfigChange update, ConfigChange rollback) {}

  /** What the flags change in one {@link UpdateConfig}; a null field leaves the config's value. */
  record ConfigChange(Long parallelism, Long delay, UpdateConfig.FailureAction failureAction, Long monitor,
                      Double maxFailureRatio, UpdateConfig.Order order) {
    UpdateConfig applyTo(UpdateConfig c) {
      return new UpdateConfig(or(parallelism, c.parallelism()), or(delay, c.delay()),
          or(failureAction, c.failureAction()), or(monitor, c.monitor()), or(maxFailureRatio, c.maxFailureRatio()),
          or(order, c.order()));
    }
  }

  private static <T> T or(T given, T current) {
    return given != null ? given : current;
  }
}
