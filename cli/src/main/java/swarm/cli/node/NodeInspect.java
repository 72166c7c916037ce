package swarm.cli.node;

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
 * {@code swarm node inspect [--pretty] NODE...}: the nodes as a JSON array, like docker, or docker's human layout;
 * {@code self} is this node.
 */
@Command(name = "inspect", description = "Display detailed information on one or more nodes")
public final class NodeInspect extends ApiCommand {
  @Parameters(paramLabel = "NODE", arity = "1..*", description = "Node id or hostname, or self")
  List<String> nodes;

  @Option(names = "--pretty", description = "Print the information in a human friendly format")
  boolean pretty;

  @Override
  public Integer call() {
    ArrayNode found = Json.MAPPER.createArrayNode();
    StringBuilder missing = new StringBuilder();
    for (String n : nodes) {
      String ref = n.equals("self") ? client().get("/info").path("Swarm").path("NodeID").asText() : n;
      try {
        found.add(client().get("/nodes/" + Query.segment(ref)));
      } catch (SwarmException e) {
        if (e.kind() != SwarmException.Kind.NOT_FOUND) {
          throw e;
        }
        missing.append(missing.length() == 0 ? "" : "; ").append(e.getMessage());
      }
    }
    if (pretty) {
      for (int i = 0; i < found.size(); i++) {
        if (i > 0) {
          out().println();
        }
        NodePretty.print(out(), found.get(i));
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
