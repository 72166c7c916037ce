package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;
import swarm.cli.format.Ids;
import swarm.cli.format.ImageNames;
import swarm.cli.format.OutputFormat;
import swarm.cli.format.Table;

/** {@code swarm service ls}: ID NAME MODE REPLICAS IMAGE PORTS, sorted by name, like docker. */
@Command(name = "ls", aliases = "list", description = "List services")
public final class ServiceLs extends ApiCommand {
  @Option(names = {"-q", "--quiet"}, description = "Only display IDs")
  boolean quiet;

  @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json (one object per line)")
  String format;

  @Override
  public Integer call() {
    OutputFormat output = OutputFormat.parse(format);
    List<JsonNode> services = new ArrayList<>();
    client().get("/services").forEach(services::add);
    services.sort(Comparator.comparing(s -> s.path("Spec").path("Name").asText()));
    if (quiet) {
      services.forEach(s -> out().println(Ids.shortId(s.path("ID").asText())));
      return 0;
    }
    Map<String, long[]> counts = services.isEmpty() ? Map.of() : taskCounts();
    long eligibleNodes = services.stream().anyMatch(s -> s.path("Spec").path("Mode").has("Global"))
        ? TaskQueries.eligibleNodes(client()).size() : 0;
    Table table = new Table("ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS");
    for (JsonNode s : services) {
      Map<String, Object> row = row(s, counts.getOrDefault(s.path("ID").asText(), new long[2]), eligibleNodes);
      if (output == OutputFormat.JSON) {
        OutputFormat.jsonLine(out(), row);
      } else {
        table.row((String) row.get("ID"), (String) row.get("Name"), (String) row.get("Mode"),
            (String) row.get("Replicas"), (String) row.get("Image"), (String) row.get("Ports"));
      }
    }
    if (output == OutputFormat.TABLE) {
      table.print(out());
    }
    return 0;
  }

  /** Service id → {running, desired} over tasks whose desired state is running. */
  private Map<String, long[]> taskCounts() {
    Map<String, long[]> counts = new HashMap<>();
    String path = Query.path("/tasks").filters(Map.of("desired-state", List.of("running"))).toString();
    for (JsonNode t : client().get(path)) {
      long[] c = counts.computeIfAbsent(t.path("ServiceID").asText(), k -> new long[2]);
      c[1]++;
      if (t.path("Status").path("State").asText().equals("running")) {
        c[0]++;
      }
    }
    return counts;
  }

  /** REPLICAS is running/replicas, or for a global service running/eligible nodes (READY and ACTIVE). */
  static Map<String, Object> row(JsonNode s, long[] runningDesired, long eligibleNodes) {
    JsonNode spec = s.path("Spec");
    JsonNode status = s.path("ServiceStatus");
    boolean global = spec.path("Mode").has("Global");
    long running = status.has("RunningTasks") ? status.path("RunningTasks").asLong() : runningDesired[0];
    long desired = global
        ? (status.has("DesiredTasks") ? status.path("DesiredTasks").asLong() : eligibleNodes)
        : spec.path("Mode").path("Replicated").path("Replicas").asLong(1);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ID", Ids.shortId(s.path("ID").asText()));
    row.put("Name", spec.path("Name").asText());
    row.put("Mode", global ? "global" : "replicated");
    row.put("Replicas", running + "/" + desired);
    row.put("Image", ImageNames.withoutDigest(spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText()));
    row.put("Ports", ports(s.path("Endpoint").path("Ports")));
    return row;
  }

  /** Ingress-published ports as docker shows them: {@code *:8080->80/tcp}. */
  static String ports(JsonNode ports) {
    List<String> shown = new ArrayList<>();
    for (JsonNode p : ports) {
      String mode = p.path("PublishMode").asText("ingress");
      if (mode.isEmpty() || mode.equals("ingress")) {
        shown.add("*:" + p.path("PublishedPort").asText() + "->" + p.path("TargetPort").asText() + "/"
            + p.path("Protocol").asText("tcp"));
      }
    }
    return String.join(", ", shown);
  }
}
