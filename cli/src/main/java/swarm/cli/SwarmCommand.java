package swarm.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import swarm.cli.client.ApiClient;
import swarm.cli.client.DaemonAddress;
import swarm.cli.events.EventsCommand;
import swarm.cli.image.ImageCommand;
import swarm.cli.node.NodeCommand;
import swarm.cli.network.NetworkCommand;
import swarm.cli.service.ServiceCommand;
import swarm.cli.swarm.InfoCommand;
import swarm.cli.swarm.InitCommand;
import swarm.cli.swarm.JoinCommand;
import swarm.cli.swarm.JoinTokenCommand;
import swarm.cli.swarm.LeaveCommand;
import swarm.cli.swarm.UpdateCommand;

/**
 * The root {@code swarm} command: global options (inherited by every subcommand, so they may appear anywhere) and
 * the one {@link ApiClient} of this process, opened on first use. Single-threaded use by the running command.
 */
@Command(name = "swarm", description = "A container orchestrator that speaks Docker Swarm mode.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {DaemonCommand.class, InitCommand.class, JoinCommand.class, JoinTokenCommand.class,
        LeaveCommand.class, UpdateCommand.class, InfoCommand.class, VersionCommand.class, ServiceCommand.class,
        NodeCommand.class, NetworkCommand.class, ImageCommand.class, EventsCommand.class})
public final class SwarmCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT, paramLabel = "HOST",
      description = "Daemon to connect to: unix:///path or tcp://MANAGER:2377 (default: $SWARM_HOST, else "
          + DaemonAddress.DEFAULT_URI + ")")
  String host;

  @Option(names = "--tlscacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "For tcp:// hosts: trust only this CA (the swarm's ca.crt)")
  Path tlsCaCert;

  @Option(names = "--tlscert", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "For tcp:// hosts: a manager certificate of the swarm")
  Path tlsCert;

  @Option(names = "--tlskey", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "For tcp:// hosts: the key of --tlscert")
  Path tlsKey;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of errors (daemon: debug log)")
  boolean debug;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Print usage")
  boolean help;

  private final Map<String, String> env;
  private final Clock clock;
  private final boolean interactive;
  private ApiClient client;

  public SwarmCommand(Map<String, String> env, Clock clock, boolean interactive) {
    this.env = env;
    this.clock = clock;
    this.interactive = interactive;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The daemon address from {@code -H}, {@code SWARM_HOST} or the default, with the TLS files for tcp://. */
  public DaemonAddress address() {
    return DaemonAddress.resolve(host, env, new DaemonAddress.Tls(tlsCaCert, tlsCert, tlsKey));
  }

  public ApiClient client() {
    if (client == null) {
      client = ApiClient.open(address());
    }
    return client;
  }

  void closeClient() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  public boolean debug() {
    return debug;
  }

  public Map<String, String> env() {
    return env;
  }

  public Clock clock() {
    return clock;
  }

  /** Standard output is a terminal: progress may be redrawn in place. */
  public boolean interactive() {
    return interactive;
  }
}
