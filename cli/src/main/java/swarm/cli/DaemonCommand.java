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

  @Option(names = "--label", paramLabel = "KEY=VALUE",
      description = "A label of this node's daemon, for `--constraint engine.labels.KEY==VALUE` (repeatable)")
  java.util.List<String> labels = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    SwarmCommand root = (SwarmCommand) spec.root().userObject();
    java.util.Map<String, String> engineLabels = new java.util.TreeMap<>();
    for (String l : labels) {
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new swarm.core.error.SwarmException(swarm.core.error.SwarmException.Kind.INVALID,
            "invalid value '" + l + "' for --label: use KEY=VALUE");
      }
      engineLabels.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return Daemon.run(dataDir, socket, hostname, engineLabels, root.debug());
  }
}
