package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.Query;
import swarm.cli.format.OutputFormat;
import swarm.cli.format.Table;
import swarm.core.object.Task;

/** {@code swarm service ps SERVICE...}: the tasks of services, with history, like docker. */
@Command(name = "ps", description = "List the tasks of one or more services")
public final class ServicePs extends ApiCommand {
  @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Service name or id")
  List<String> services;

  @Option(names = {"-q", "--quiet"}, description = "Only display task IDs")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Do not truncate output")
  boolean noTrunc;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json (one object per line)")
  String format;

  @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
      description = "Filter: desired-state=running|shutdown|accepted, id=, name=, node=")
  List<String> filters = new ArrayList<>();

  @Override
  public Integer call() {
    OutputFormat output = OutputFormat.parse(format);
    List<String> desired = new ArrayList<>();
    List<String[]> others = new ArrayList<>();
    FlagValues v = new FlagValues();
    for (String f : filters) {
      String[] kv = v.keyValue("--filter", f);
      if (kv == null) {
        continue;
      }
      switch (kv[0]) {
        case "desired-state" -> {
          String state = v.oneOf("--filter desired-state", kv[1], "running", "shutdown", "accepted");
          if (state != null) {
            desired.add(state);
          }
        }
        case "id", "name", "node" -> others.add(kv);
        default -> v.problem("invalid filter '" + kv[0] + "' for --filter: use desired-state, id, name or node");
      }
    }
    v.check();

    Instant now = clock().instant();
    Map<String, String> nodeNames = null;
    Table table = new Table("ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS");
    for (String name : services) {
      JsonNode service = client().get("/services/" + Query.segment(name));
      String id = service.path("ID").asText();
      List<Task> tasks = TaskQueries.tasksOf(client(), id, desired);
      if (nodeNames == null) {
        nodeNames = TaskQueries.nodeNames(client());
      }
      List<Map<String, String>> rows =
          TaskRows.rows(tasks, service.path("Spec").path("Name").asText(), nodeNames, noTrunc, now);
      for (Map<String, String> row : rows) {
        if (!matches(row, others)) {
          continue;
        }
        if (quiet) {
          out().println(row.get("ID"));
        } else if (output == OutputFormat.JSON) {
          OutputFormat.jsonLine(out(), row);
        } else {
          table.row(row.get("ID"), row.get("Name"), row.get("Image"), row.get("Node"), row.get("DesiredState"),
              row.get("CurrentState"), row.get("Error"), row.get("Ports"));
        }
      }
    }
    if (!quiet && output == OutputFormat.TABLE) {
      table.print(out());
    }
    return 0;
  }

  private static boolean matches(Map<String, String> row, List<String[]> filters) {
    for (String[] f : filters) {
      String value = switch (f[0]) {
        case "id" -> row.get("ID");
        case "name" -> row.get("Name").replace(" \\_ ", "");
        default -> row.get("Node");
      };
      if (!value.startsWith(f[1])) {
        return false;
      }
    }
    return true;
  }
}
