package swarm.cli.service;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarm service}: the group; alone it prints its usage. */
@Command(name = "service", description = "Manage services", synopsisSubcommandLabel = "COMMAND",
    subcommands = {ServiceCreate.class, ServiceInspect.class, ServiceLogs.class, ServiceLs.class, ServicePs.class,
        ServiceRm.class, ServiceRollback.class, ServiceScale.class, ServiceUpdate.class})
public final class ServiceCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
