package swarm.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.format.OutputFormat;
import swarm.cli.format.Table;

/** {@code swarm node ls}: ID (this node marked {@code *}) HOSTNAME STATUS AVAILABILITY MANAGER STATUS ENGINE VERSION. */
@Command(name = "ls", aliases = "list", description = "List nodes in the swarm")
public final class NodeLs extends ApiCommand {
  @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
  boolean quiet;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json (one object per line)")
  String format;

  @Override
  public Integer call() {
    OutputFormat output = OutputFormat.parse(format);
    List<JsonNode> nodes = new ArrayList<>();
    client().get("/nodes").forEach(nodes::add);
    nodes.sort(Comparator.comparing(n -> n.path("Description").path("Hostname").asText()));
    if (quiet) {
      nodes.forEach(n -> out().println(n.path("ID").asText()));
      return 0;
    }
    String self = client().get("/info").path("Swarm").path("NodeID").asText();
    Table table = new Table("ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION");
    for (JsonNode n : nodes) {
      Map<String, Object> row = row(n, self);
      if (output == OutputFormat.JSON) {
        OutputFormat.jsonLine(out(), row);
      } else {
        table.row(row.get("ID") + (Boolean.TRUE.equals(row.get("Self")) ? " *" : ""), (String) row.get("Hostname"),
            (String) row.get("Status"), (String) row.get("Availability"), (String) row.get("ManagerStatus"),
            (String) row.get("EngineVersion"));
      }
    }
    if (output == OutputFormat.TABLE) {
      table.print(out());
    }
    return 0;
  }

  static Map<String, Object> row(JsonNode n, String self) {
    Map<String, Object> row = new LinkedHashMap<>();
    String id = n.path("ID").asText();
    row.put("ID", id);
    row.put("Self", id.equals(self));
    row.put("Hostname", n.path("Description").path("Hostname").asText());
    row.put("Status", title(n.path("Status").path("State").asText()));
    row.put("Availability", title(n.path("Spec").path("Availability").asText()));
    JsonNode manager = n.path("ManagerStatus");
    String managerStatus = "";
    if (manager.path("Leader").asBoolean(false)) {
      managerStatus = "Leader";
    } else if (!manager.isMissingNode() && !manager.isNull()) {
      managerStatus = title(manager.path("Reachability").asText());
    }
    String error = manager.path("Error").asText("");
    if (!error.isEmpty()) { // "disk full: 3MiB free on …" → "Leader (disk full)"; the whole line is in inspect
      managerStatus += " (" + (error.contains(":") ? error.substring(0, error.indexOf(':')) : error) + ")";
    }
    row.put("ManagerStatus", managerStatus);
    row.put("EngineVersion", n.path("Description").path("Engine").path("EngineVersion").asText());
    return row;
  }

  /** {@code ready} → {@code Ready}, as docker shows states. */
  static String title(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
  }
}
