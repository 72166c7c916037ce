package swarm.cli.service;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import swarm.cli.FlagValues;

/**
 * Docker's {@code --update-*} and {@code --rollback-*} flags, which this swarm does not implement yet: its updater
 * replaces every outdated task at once, stop-first, and keeps no UpdateConfig or RollbackConfig. They are
 * accepted by the parser (hidden from help) only to be refused by name, so a script written for docker fails
 * plainly instead of being told the flag does not exist or, worse, having it ignored. A picocli mixin of
 * {@code service create} and {@code service update}; not thread-safe.
 */
final class RollingUpdateFlags {
  static final String NOT_YET = " is not implemented yet: every outdated task is replaced at once (stop-first)";

  @Option(names = "--update-parallelism", hidden = true)
  String updateParallelism;

  @Option(names = "--update-delay", hidden = true)
  String updateDelay;

  @Option(names = "--update-failure-action", hidden = true)
  String updateFailureAction;

  @Option(names = "--update-monitor", hidden = true)
  String updateMonitor;

  @Option(names = "--update-max-failure-ratio", hidden = true)
  String updateMaxFailureRatio;

  @Option(names = "--update-order", hidden = true)
  String updateOrder;

  @Option(names = "--rollback-parallelism", hidden = true)
  String rollbackParallelism;

  @Option(names = "--rollback-delay", hidden = true)
  String rollbackDelay;

  @Option(names = "--rollback-failure-action", hidden = true)
  String rollbackFailureAction;

  @Option(names = "--rollback-monitor", hidden = true)
  String rollbackMonitor;

  @Option(names = "--rollback-max-failure-ratio", hidden = true)
  String rollbackMaxFailureRatio;

  @Option(names = "--rollback-order", hidden = true)
  String rollbackOrder;

  /** Reports each of these flags that was given, by name. */
  void refuse(FlagValues v) {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("--update-parallelism", updateParallelism);
    given.put("--update-delay", updateDelay);
    given.put("--update-failure-action", updateFailureAction);
    given.put("--update-monitor", updateMonitor);
    given.put("--update-max-failure-ratio", updateMaxFailureRatio);
    given.put("--update-order", updateOrder);
    given.put("--rollback-parallelism", rollbackParallelism);
    given.put("--rollback-delay", rollbackDelay);
    given.put("--rollback-failure-action", rollbackFailureAction);
    given.put("--rollback-monitor", rollbackMonitor);
    given.put("--rollback-max-failure-ratio", rollbackMaxFailureRatio);
    given.put("--rollback-order", rollbackOrder);
    given.forEach((flag, value) -> {
      if (value != null) {
        v.problem(flag + NOT_YET);
      }
    });
  }
}
