package swarm.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code node inspect --pretty}: docker's human layout of one node (ID, Labels, Hostname, Joined at, Status,
 * Manager Status, Platform, Resources, Engine Version), values aligned in one column. Stateless.
 */
final class NodePretty {
  private static final int VALUE_COLUMN = 24;
  private static final DateTimeFormatter JOINED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneOffset.UTC);
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private NodePretty() {}

  static void print(PrintWriter out, JsonNode n) {
    line(out, "ID:", n.path("ID").asText());
    JsonNode labels = n.path("Spec").path("Labels");
    if (labels.isObject() && !labels.isEmpty()) {
      out.println("Labels:");
      List<String> keys = new ArrayList<>();
      labels.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      for (String k : keys) {
        String v = labels.path(k).asText();
        out.println(" - " + k + (v.isEmpty() ? "" : "=" + v));
      }
    }
    line(out, "Hostname:", n.path("Description").path("Hostname").asText());
    line(out, "Joined at:", joinedAt(n.path("CreatedAt").asText()));
    out.println("Status:");
    JsonNode status = n.path("Status");
    line(out, " State:", NodeLs.title(status.path("State").asText()));
    if (!status.path("Message").asText().isEmpty()) {
      line(out, " Message:", status.path("Message").asText());
    }
    line(out, " Availability:", NodeLs.title(n.path("Spec").path("Availability").asText()));
    if (!status.path("Addr").asText().isEmpty()) {
      line(out, " Address:", status.path("Addr").asText());
    }
    JsonNode manager = n.path("ManagerStatus");
    if (manager.isObject()) {
      out.println("Manager Status:");
      line(out, " Address:", manager.path("Addr").asText());
      line(out, " Raft Status:", NodeLs.title(manager.path("Reachability").asText()));
      line(out, " Leader:", manager.path("Leader").asBoolean(false) ? "Yes" : "No");
    }
    JsonNode platform = n.path("Description").path("Platform");
    out.println("Platform:");
    line(out, " Operating System:", platform.path("OS").asText());
    line(out, " Architecture:", platform.path("Architecture").asText());
    JsonNode resources = n.path("Description").path("Resources");
    out.println("Resources:");
    line(out, " CPUs:", Long.toString(resources.path("NanoCPUs").asLong() / 1_000_000_000L));
    line(out, " Memory:", binarySize(resources.path("MemoryBytes").asLong()));
    String engine = n.path("Description").path("Engine").path("EngineVersion").asText();
    if (!engine.isEmpty()) {
      line(out, "Engine Version:", engine);
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.println(label + " ".repeat(Math.max(1, VALUE_COLUMN - label.length())) + value);
  }

  /** Go's {@code time.Time.String()} in UTC, as docker shows it: {@code 2026-01-01 00:00:10.5 +0000 utc}. */
  static String joinedAt(String rfc3339) {
    if (rfc3339.isEmpty()) {
      return "";
    }
    Instant t = Instant.parse(rfc3339);
    String nanos = t.getNano() == 0 ? "" : "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return JOINED.format(t) + nanos + " +0000 utc";
  }

  /** Docker's {@code units.BytesSize}: four significant digits, binary units ({@code 7.704GiB}). */
  static String binarySize(long bytes) {
    double size = bytes;
    int unit = 0;
    while (size >= 1024 && unit < BINARY.length - 1) {
      size /= 1024;
      unit++;
    }
    BigDecimal rounded = new BigDecimal(size).round(new MathContext(4)).stripTrailingZeros();
    return rounded.toPlainString() + BINARY[unit];
  }
}
