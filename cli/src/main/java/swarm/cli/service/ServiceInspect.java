package swarm.cli.service;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import swarm.cli.ApiCommand;
import swarm.cli.client.Query;

/**
 * {@code swarm service inspect SERVICE...}: the services as a JSON array, as the daemon sent them (or, with
 * {@code --pretty}, docker's human-readable summary). Unknown names are reported after the others; exit 1.
 */
@Command(name = "inspect", description = "Display detailed information on one or more services")
public final class ServiceInspect extends ApiCommand {
  @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Service name or id")
  List<String> services;

  @Option(names = "--pretty", description = "Print the information in a human friendly format")
  boolean pretty;

  @Override
  public Integer call() {
    return inspect(services, name -> "/services/" + Query.segment(name),
        pretty ? (out, s) -> out.print(ServiceSummary.of(s, clock().instant())) : null);
  }
}
