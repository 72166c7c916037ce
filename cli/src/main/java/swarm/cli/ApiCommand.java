package swarm.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import swarm.cli.client.ApiClient;

/**
 * Base of the commands that talk to the daemon: access to the output writers, the clock and the client. A command
 * checks all of its flags before its first call to {@link #client()}, so bad input never reaches the daemon.
 * Commands return their exit code; errors are thrown and reported by {@link ErrorReporter}.
 */
public abstract class ApiCommand implements Callable<Integer> {
  @Spec
  protected CommandSpec spec;

  protected final SwarmCommand root() {
    return (SwarmCommand) spec.root().userObject();
  }

  protected final ApiClient client() {
    return root().client();
  }

  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected final Clock clock() {
    return root().clock();
  }

  /** The command as the user typed it, e.g. {@code swarm service create}. */
  protected final String commandName() {
    return spec.qualifiedName();
  }
}
