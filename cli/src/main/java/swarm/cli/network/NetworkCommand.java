package swarm.cli.network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarm network}: the group; alone it prints its usage. */
@Command(name = "network", description = "Manage overlay networks", synopsisSubcommandLabel = "COMMAND",
    subcommands = {NetworkCreate.class, NetworkLs.class, NetworkInspect.class, NetworkRm.class})
public final class NetworkCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
