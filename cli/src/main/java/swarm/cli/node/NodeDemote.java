package swarm.cli.node;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;

/** {@code swarm node demote NODE...}: makes each manager a worker (the last manager cannot be demoted). */
@Command(name = "demote", description = "Demote one or more nodes from manager in the swarm")
public final class NodeDemote extends ApiCommand {
  @Parameters(paramLabel = "NODE", arity = "1..*", description = "Node id or hostname")
  List<String> nodes;

  @Override
  public Integer call() {
    NodeRole.change(client(), out(), err(), nodes, "worker");
    return 0;
  }
}
