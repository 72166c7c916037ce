package swarm.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.core.units.Durations;
import swarm.manager.ca.NodeCertExpiry;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.Query;
import swarm.core.json.Json;

/**
 * {@code swarm update [--cert-expiry D] [--dispatcher-heartbeat D] [--task-history-limit N]}: reads the swarm's
 * settings, changes what the flags say and sends them back based on the version read.
 */
@Command(name = "update", description = "Update the swarm")
public final class UpdateCommand extends ApiCommand {
  @Option(names = "--cert-expiry", paramLabel = "DURATION", description = "Validity period for node certificates"
      + " (e.g. 2160h0m0s)")
  String certExpiry;

  @Option(names = "--dispatcher-heartbeat", paramLabel = "DURATION", description = "Dispatcher heartbeat period"
      + " (e.g. 5s)")
  String dispatcherHeartbeat;

  @Option(names = "--task-history-limit", paramLabel = "N", description = "Task history retention limit")
  String taskHistoryLimit;

  /** The settings to change, checked all at once. */
  record Settings(Long certExpiryNanos, Long heartbeatNanos, Long taskHistoryLimit) {}

  Settings settings() {
    FlagValues v = new FlagValues();
    Long expiry = v.durationNanos("--cert-expiry", certExpiry);
    Long heartbeat = v.durationNanos("--dispatcher-heartbeat", dispatcherHeartbeat);
    Long history = v.wholeNumber("--task-history-limit", taskHistoryLimit);
    if (heartbeat != null && heartbeat <= 0) {
      v.problem("invalid value '" + dispatcherHeartbeat + "' for --dispatcher-heartbeat: must be greater than 0");
    }
    if (expiry != null && expiry < NodeCertExpiry.MINIMUM.toNanos()) {
      v.problem("invalid value '" + certExpiry + "' for --cert-expiry: must be at least "
          + Durations.format(NodeCertExpiry.MINIMUM));
    }
    v.check();
    return new Settings(expiry, heartbeat, history);
  }

  @Override
  public Integer call() {
    Settings s = settings();
    JsonNode swarm = client().get("/swarm");
    ObjectNode spec = swarm.path("Spec").isObject() ? (ObjectNode) swarm.path("Spec").deepCopy()
        : Json.MAPPER.createObjectNode();
    if (s.certExpiryNanos() != null) {
      spec.withObjectProperty("CAConfig").put("NodeCertExpiry", s.certExpiryNanos());
    }
    if (s.heartbeatNanos() != null) {
      spec.withObjectProperty("Dispatcher").put("HeartbeatPeriod", s.heartbeatNanos());
    }
    if (s.taskHistoryLimit() != null) {
      spec.withObjectProperty("Orchestration").put("TaskHistoryRetentionLimit", s.taskHistoryLimit());
    }
    client().post(Query.path("/swarm/update").param("version", swarm.path("Version").path("Index").asLong())
        .toString(), spec);
    out().println("Swarm updated.");
    out().flush();
    return 0;
  }
}
