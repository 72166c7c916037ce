package swarm.cli.network;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.EachTarget;
import swarm.cli.client.Query;

/**
 * {@code swarm network rm NETWORK...}: removes each network, printing it as typed. A network a service uses is kept
 * (the error names the service); failures are reported together, exit 1.
 */
@Command(name = "rm", aliases = "remove", description = "Remove one or more networks")
public final class NetworkRm extends ApiCommand {
  @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network name or id")
  List<String> networks;

  @Override
  public Integer call() {
    EachTarget.run(networks, network -> {
      client().delete("/networks/" + Query.segment(network));
      out().println(network);
    }, out());
    return 0;
  }
}
