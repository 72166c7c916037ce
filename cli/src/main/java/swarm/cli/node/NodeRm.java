package swarm.cli.node;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;
import swarm.core.error.SwarmException;

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
    StringBuilder failed = new StringBuilder();
    for (String node : nodes) {
      try {
        client().delete(Query.path("/nodes/" + Query.segment(node)).param("force", force ? "1" : null).toString());
        out().println(node);
      } catch (SwarmException e) {
        if (e.getMessage().startsWith("cannot connect")) {
          throw e;
        }
        failed.append(failed.length() == 0 ? "" : "; ").append(e.getMessage());
      }
    }
    out().flush();
    if (failed.length() > 0) {
      throw SwarmException.invalid(failed.toString());
    }
    return 0;
  }
}
