package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import swarm.cli.format.HumanTime;
import swarm.cli.format.ImageNames;
import swarm.core.units.ByteSize;
import swarm.core.units.Durations;

/**
 * {@code service inspect --pretty}: docker's human-readable summary of one service, with its last update's status
 * (times relative to {@code now}) and its update and rollback configs.
 */
final class ServiceSummary {
  private ServiceSummary() {}

  static String of(JsonNode s, Instant now) {
    JsonNode spec = s.path("Spec");
    JsonNode task = spec.path("TaskTemplate");
    JsonNode c = task.path("ContainerSpec");
    StringBuilder b = new StringBuilder();
    line(b, "", "ID", s.path("ID").asText());
    line(b, "", "Name", spec.path("Name").asText());
    spec.path("Labels").fields().forEachRemaining(e -> line(b, " ", e.getKey(), e.getValue().asText()));
    if (spec.path("Mode").has("Global")) {
      line(b, "", "Service Mode", "Global");
    } else {
      line(b, "", "Service Mode", "Replicated");
      line(b, " ", "Replicas", spec.path("Mode").path("Replicated").path("Replicas").asText("1"));
    }
    updateStatus(b, s.path("UpdateStatus"), now);
    JsonNode restart = task.path("RestartPolicy");
    if (!restart.isMissingNode()) {
      b.append("RestartPolicy:\n");
      line(b, " ", "Condition", restart.path("Condition").asText("any"));
      line(b, " ", "Delay", nanos(restart.path("Delay")));
      line(b, " ", "Max attempts", restart.path("MaxAttempts").asText("0"));
      if (restart.path("Window").asLong() > 0) {
        line(b, " ", "Window", nanos(restart.path("Window")));
      }
    }
    updateConfig(b, "UpdateConfig", "Update order", spec.path("UpdateConfig"));
    updateConfig(b, "RollbackConfig", "Rollback order", spec.path("RollbackConfig"));
    b.append("ContainerSpec:\n");
    line(b, " ", "Image", ImageNames.withoutDigest(c.path("Image").asText()));
    words(b, "Command", c.path("Command"));
    words(b, "Args", c.path("Args"));
    if (c.path("Env").size() > 0) {
      b.append(" Env:\n");
      c.path("Env").forEach(e -> b.append("  ").append(e.asText()).append('\n'));
    }
    optional(b, "Dir", c.path("Dir"));
    optional(b, "User", c.path("User"));
    optional(b, "Hostname", c.path("Hostname"));
    if (c.has("StopGracePeriod")) {
      line(b, " ", "StopGracePeriod", nanos(c.path("StopGracePeriod")));
    }
    optional(b, "StopSignal", c.path("StopSignal"));
    optional(b, "Seccomp", c.path("Privileges").path("Seccomp").path("Mode"));
    JsonNode limits = task.path("Resources").path("Limits");
    if (limits.path("NanoCPUs").asLong() > 0 || limits.path("MemoryBytes").asLong() > 0 || limits.path("Pids").asLong() > 0) {
      b.append("Resources:\n Limits:\n");
      if (limits.path("NanoCPUs").asLong() > 0) {
        line(b, "  ", "CPU", String.valueOf(limits.path("NanoCPUs").asLong() / 1e9));
      }
      if (limits.path("MemoryBytes").asLong() > 0) {
        line(b, "  ", "Memory", ByteSize.format(limits.path("MemoryBytes").asLong()));
      }
      if (limits.path("Pids").asLong() > 0) {
        line(b, "  ", "Pids", limits.path("Pids").asText());
      }
    }
    String ports = ServiceLs.ports(s.path("Endpoint").path("Ports"));
    if (!ports.isEmpty()) {
      line(b, "", "Ports", ports);
    }
    return b.toString();
  }

  /** Docker's UpdateStatus block: absent for a service never updated. */
  private static void updateStatus(StringBuilder b, JsonNode status, Instant now) {
    if (status.path("State").asText().isEmpty()) {
      return;
    }
    b.append("UpdateStatus:\n");
    line(b, " ", "State", status.path("State").asText());
    optional(b, "Started", ago(status.path("StartedAt"), now));
    optional(b, "Completed", ago(status.path("CompletedAt"), now));
    line(b, " ", "Message", status.path("Message").asText());
  }

  private static String ago(JsonNode time, Instant now) {
    try {
      return time.isTextual() ? HumanTime.ago(Instant.parse(time.asText()), now) : "";
    } catch (DateTimeParseException e) {
      return time.asText();
    }
  }

  /** Docker's UpdateConfig or RollbackConfig block; delay and monitor only when set. */
  private static void updateConfig(StringBuilder b, String title, String orderKey, JsonNode c) {
    if (!c.isObject()) {
      return;
    }
    b.append(title).append(":\n");
    line(b, " ", "Parallelism", c.path("Parallelism").asText("1"));
    if (c.path("Delay").asLong() > 0) {
      line(b, " ", "Delay", nanos(c.path("Delay")));
    }
    line(b, " ", "On failure", c.path("FailureAction").asText("pause"));
    if (c.path("Monitor").asLong() > 0) {
      line(b, " ", "Monitoring Period", nanos(c.path("Monitor")));
    }
    line(b, " ", "Max failure ratio", ratio(c.path("MaxFailureRatio").asDouble(0)));
    line(b, " ", orderKey, c.path("Order").asText("stop-first"));
  }

  /** {@code 0}, {@code 0.2}: as Go prints a float32. */
  private static String ratio(double r) {
    return r == Math.rint(r) ? String.valueOf((long) r) : BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
  }

  private static void optional(StringBuilder b, String key, String value) {
    if (!value.isEmpty()) {
      line(b, " ", key, value);
    }
  }

  private static void line(StringBuilder b, String indent, String key, String value) {
    b.append(String.format("%-20s%s%n", indent + key + ":", value));
  }

  private static void optional(StringBuilder b, String key, JsonNode value) {
    if (!value.asText().isEmpty()) {
      line(b, " ", key, value.asText());
    }
  }

  private static void words(StringBuilder b, String key, JsonNode list) {
    if (list.size() > 0) {
      StringBuilder w = new StringBuilder();
      list.forEach(a -> w.append(w.length() == 0 ? "" : " ").append(a.asText()));
      line(b, " ", key, w.toString());
    }
  }

  private static String nanos(JsonNode n) {
    return Durations.format(Duration.ofNanos(n.asLong()));
  }
}
