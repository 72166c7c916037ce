package swarm.cli.node;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;

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
    return inspect(nodes, n -> "/nodes/" + Query.segment(
        n.equals("self") ? client().get("/info").path("Swarm").path("NodeID").asText() : n),
        pretty ? NodePretty::print : null);
  }
}
