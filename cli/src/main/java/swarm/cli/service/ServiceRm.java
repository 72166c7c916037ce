package swarm.cli.service;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;
import swarm.core.error.SwarmException;

/** {@code swarm service rm SERVICE...}: removes each, printing its name; failures are reported, exit 1. */
@Command(name = "rm", aliases = "remove", description = "Remove one or more services")
public final class ServiceRm extends ApiCommand {
  @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Service name or id")
  List<String> services;

  @Override
  public Integer call() {
    StringBuilder failed = new StringBuilder();
    for (String name : services) {
      try {
        client().delete("/services/" + Query.segment(name));
        out().println(name);
      } catch (SwarmException e) {
        if (e.kind() == SwarmException.Kind.UNAVAILABLE && e.getMessage().startsWith("cannot connect")) {
          throw e;
        }
        failed.append(failed.length() == 0 ? "" : "; ").append(e.getMessage());
      }
    }
    out().flush();
    if (failed.length() > 0) {
      throw new SwarmException(SwarmException.Kind.INVALID, failed.toString());
    }
    return 0;
  }
}
