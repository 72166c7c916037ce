package swarm.cli.node;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.EachTarget;
import swarm.cli.client.Query;

/**
 * {@code swarm node rm [-f] NODE...}: removes each node from the swarm, printing it as typed. A node must be down
 * (or {@code --force}) and a manager must be demoted first; failures are reported together, exit 1.
 */
@Command(name = "rm", aliases = "remove", description = "Remove one or more nodes from the swarm")
public final class NodeRm extends ApiCommand {
  @Parameters(paramLabel = "NODE", arity = "1..*", description = "Node id or hostname")
  List<String> nodes;

  @Option(names = {"-f", "--force"}, description = "Force-remove a node from the swarm")
  boolean force;

  @Override
  public Integer call() {
    EachTarget.run(nodes, node -> {
      client().delete(Query.path("/nodes/" + Query.segment(node)).param("force", force ? "1" : null).toString());
      out().println(node);
    }, out());
    return 0;
  }
}
