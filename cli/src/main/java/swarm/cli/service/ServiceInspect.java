package swarm.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;
import swarm.cli.format.PrettyJson;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;

/**
 * {@code swarm service inspect SERVICE...}: the services as a JSON array, as the daemon sent them (or, with
 * {@code --pretty}, docker's human-readable summary). Unknown names are reported after the others; exit 1.
 */
@Command(name = "inspect", description = "Display detailed information on one or more services")
public final class ServiceInspect extends ApiCommand {
  @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Service name or id")
  List<String> services;

  @Option(names = "--pretty", description = "Print the information in a human friendly format")
  boolean pretty;

  @Override
  public Integer call() {
    ArrayNode found = Json.MAPPER.createArrayNode();
    StringBuilder missing = new StringBuilder();
    for (String name : services) {
      try {
        found.add(client().get("/services/" + Query.segment(name)));
      } catch (SwarmException e) {
        if (e.kind() != SwarmException.Kind.NOT_FOUND) {
          throw e;
        }
        missing.append(missing.length() == 0 ? "" : "; ").append(e.getMessage());
      }
    }
    if (pretty) {
      boolean first = true;
      for (JsonNode s : found) {
        if (!first) {
          out().println();
        }
        out().print(ServiceSummary.of(s));
        first = false;
      }
    } else {
      out().println(PrettyJson.of(found));
    }
    out().flush();
    if (missing.length() > 0) {
      throw SwarmException.notFound(missing.toString());
    }
    return 0;
  }
}
