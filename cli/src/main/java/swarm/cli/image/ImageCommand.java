package swarm.cli.image;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code swarm image}: the group; alone it prints its usage. */
@Command(name = "image", description = "Manage images", synopsisSubcommandLabel = "COMMAND",
    subcommands = {ImageImport.class, ImageLoad.class, ImageLs.class, ImageRm.class})
public final class ImageCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
