package swarm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured output, a fixed clock and a controlled environment. */
public final class Cli {
  public static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");

  public record Result(int code, String out, String err) {}

  private final Map<String, String> env = new HashMap<>();
  private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  public Cli env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** A clock other than the fixed {@link #NOW}, e.g. one that moves, for what waits on time. */
  public Cli clock(Clock c) {
    clock = c;
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env, clock, false);
    return new Result(code, out.toString(), err.toString());
  }

  /** The parsed command object of a command line, without running it. */
  @SuppressWarnings("unchecked")
  public <T> T parse(String... args) {
    SwarmCommand root = new SwarmCommand(env, Clock.fixed(NOW, ZoneOffset.UTC), false);
    var result = Main.commandLine(root).parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return (T) result.commandSpec().userObject();
  }
}
