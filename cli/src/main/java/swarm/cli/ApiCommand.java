package swarm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import swarm.cli.client.ApiClient;
import swarm.cli.format.PrettyJson;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;

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

  /**
   * {@code inspect}: fetches each object from {@code pathOf(ref)}, prints them as one JSON array like
   * docker (or each with {@code pretty}, a blank line between), then reports every unknown one at once.
   */
  protected final int inspect(List<String> refs, Function<String, String> pathOf,
                              BiConsumer<PrintWriter, JsonNode> pretty) {
    ArrayNode found = Json.MAPPER.createArrayNode();
    StringBuilder missing = new StringBuilder();
    for (String ref : refs) {
      try {
        found.add(client().get(pathOf.apply(ref)));
      } catch (SwarmException e) {
        if (e.kind() != SwarmException.Kind.NOT_FOUND) {
          throw e;
        }
        missing.append(missing.length() == 0 ? "" : "; ").append(e.getMessage());
      }
    }
    if (pretty != null) {
      for (int i = 0; i < found.size(); i++) {
        if (i > 0) {
          out().println();
        }
        pretty.accept(out(), found.get(i));
      }
    } else {
      out().println(PrettyJson.of(found));
    }
    out().flush();
    if (missing.length() > 0) {
      throw SwarmException.notFound(missing.toString());
    }
    return 0;
  }

  /** The command as the user typed it, e.g. {@code swarm service create}. */
  protected final String commandName() {
    return spec.qualifiedName();
  }
}
