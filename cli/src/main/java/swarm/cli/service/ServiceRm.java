package swarm.cli.service;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.EachTarget;
import swarm.cli.client.Query;

/** {@code swarm service rm SERVICE...}: removes each, printing its name; failures are reported, exit 1. */
@Command(name = "rm", aliases = "remove", description = "Remove one or more services")
public final class ServiceRm extends ApiCommand {
  @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Service name or id")
  List<String> services;

  @Override
  public Integer call() {
    EachTarget.run(services, name -> {
      client().delete("/services/" + Query.segment(name));
      out().println(name);
    }, out());
    return 0;
  }
}
