package swarm.cli.node;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarm node}: the group; alone it prints its usage. */
@Command(name = "node", description = "Manage swarm nodes", synopsisSubcommandLabel = "COMMAND",
    subcommands = {NodeLs.class, NodeInspect.class, NodeUpdate.class, NodePromote.class, NodeDemote.class,
        NodeRm.class})
public final class NodeCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
