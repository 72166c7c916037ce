package swarm.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import swarm.daemon.Daemon;

/** {@code swarm daemon}: runs this host's node daemon in the foreground (the global {@code --debug} applies). */
@Command(name = "daemon", description = "Run the node daemon in the foreground")
final class DaemonCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "/var/lib/swarm",
      description = "Where the node keeps its state (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/run/swarm/swarm.sock",
      description = "The API's unix socket (default: ${DEFAULT-VALUE})")
  Path socket;

  @Option(names = "--hostname", paramLabel = "NAME",
      description = "The node's name in the swarm (default: this host's hostname); for several nodes on one host")
  String hostname;

  @Override
  public Integer call() {
    SwarmCommand root = (SwarmCommand) spec.root().userObject();
    return Daemon.run(dataDir, socket, hostname, root.debug());
  }
}
