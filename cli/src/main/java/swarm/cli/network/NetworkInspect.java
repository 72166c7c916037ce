package swarm.cli.network;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;

/** {@code swarm network inspect NETWORK...}: the networks as a JSON array of Docker's NetworkResource, like docker. */
@Command(name = "inspect", description = "Display detailed information on one or more networks")
public final class NetworkInspect extends ApiCommand {
  @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network name or id")
  List<String> networks;

  @Override
  public Integer call() {
    return inspect(networks, n -> "/networks/" + Query.segment(n), null);
  }
}
