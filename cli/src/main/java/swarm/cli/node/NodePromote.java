package swarm.cli.node;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;

/** {@code swarm node promote NODE...}: makes each node a manager. */
@Command(name = "promote", description = "Promote one or more nodes to manager in the swarm")
public final class NodePromote extends ApiCommand {
  @Parameters(paramLabel = "NODE", arity = "1..*", description = "Node id or hostname")
  List<String> nodes;

  @Override
  public Integer call() {
    NodeRole.change(client(), out(), err(), nodes, "manager");
    return 0;
  }
}
