package swarm.cli.network;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;
import swarm.core.error.SwarmException;

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
    StringBuilder failed = new StringBuilder();
    for (String network : networks) {
      try {
        client().delete("/networks/" + Query.segment(network));
        out().println(network);
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
