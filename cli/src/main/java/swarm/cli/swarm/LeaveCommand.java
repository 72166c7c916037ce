package swarm.cli.swarm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;

/**
 * {@code swarm leave [-f]}: this node leaves its swarm. A manager needs {@code --force} (demote it first to keep the
 * managers' quorum safe), and the last manager is refused.
 */
@Command(name = "leave", description = "Leave the swarm")
public final class LeaveCommand extends ApiCommand {
  @Option(names = {"-f", "--force"}, description = "Force this node to leave the swarm, ignoring warnings")
  boolean force;

  @Override
  public Integer call() {
    client().post(Query.path("/swarm/leave").param("force", force ? "1" : null).toString(), null);
    out().println("Node left the swarm.");
    out().flush();
    return 0;
  }
}
