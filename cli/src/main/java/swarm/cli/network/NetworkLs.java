package swarm.cli.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.format.Ids;
import swarm.cli.format.OutputFormat;
import swarm.cli.format.Table;

/** {@code swarm network ls}: docker's table (NETWORK ID, NAME, DRIVER, SCOPE), {@code -q}, {@code --format json}. */
@Command(name = "ls", aliases = "list", description = "List networks")
public final class NetworkLs extends ApiCommand {
  @Option(names = {"-q", "--quiet"}, description = "Only display network IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Do not truncate the output")
  boolean noTrunc;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json (one object per line)")
  String format;

  @Override
  public Integer call() {
    OutputFormat output = OutputFormat.parse(format);
    List<JsonNode> networks = new ArrayList<>();
    client().get("/networks").forEach(networks::add);
    networks.sort(Comparator.comparing(n -> n.path("Name").asText()));
    if (quiet) {
      networks.forEach(n -> out().println(Ids.id(n.path("Id").asText(), noTrunc)));
      return 0;
    }
    Table table = new Table("NETWORK ID", "NAME", "DRIVER", "SCOPE");
    for (JsonNode n : networks) {
      Map<String, Object> row = row(n, noTrunc);
      if (output == OutputFormat.JSON) {
        OutputFormat.jsonLine(out(), row);
      } else {
        table.row((String) row.get("ID"), (String) row.get("Name"), (String) row.get("Driver"),
            (String) row.get("Scope"));
      }
    }
    if (output == OutputFormat.TABLE) {
      table.print(out());
    }
    return 0;
  }

  /** The keys of docker's {@code network ls --format json}. */
  static Map<String, Object> row(JsonNode n, boolean noTrunc) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ID", Ids.id(n.path("Id").asText(), noTrunc));
    row.put("Name", n.path("Name").asText());
    row.put("Driver", n.path("Driver").asText());
    row.put("Scope", n.path("Scope").asText());
    row.put("IPv6", Boolean.toString(n.path("EnableIPv6").asBoolean(false)));
    row.put("Internal", Boolean.toString(n.path("Internal").asBoolean(false)));
    row.put("CreatedAt", n.path("Created").asText());
    List<String> labels = new ArrayList<>();
    n.path("Labels").fields().forEachRemaining(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
    row.put("Labels", String.join(",", labels));
    return row;
  }
}
