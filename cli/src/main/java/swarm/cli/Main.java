package swarm.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the {@code swarm} binary (CLI and node daemon). Builds the picocli command tree, runs it, and
 * exits with its code: 0 on success, 1 on any error, reported as one {@code error: ...} line.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    quietLogging(args);
    PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    int code = run(args, out, err, System.getenv(), Clock.systemUTC(), Terminal.isInteractive());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line in-process (tests use this with captured writers); returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock,
                        boolean interactive) {
    SwarmCommand root = new SwarmCommand(env, clock, interactive);
    CommandLine cl = commandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      root.closeClient();
      out.flush();
      err.flush();
    }
  }

  /** The command tree with swarm's parser settings and error handlers. */
  public static CommandLine commandLine(SwarmCommand root) {
    CommandLine cl = new CommandLine(root);
    cl.setOverwrittenOptionsAllowed(true);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    ErrorReporter errors = new ErrorReporter(root);
    cl.setParameterExceptionHandler(errors);
    cl.setExecutionExceptionHandler(errors);
    // Everything after the image is the container's command, flags included (docker's "IMAGE [COMMAND] [ARG...]").
    cl.getSubcommands().get("service").getSubcommands().get("create").setStopAtPositional(true);
    return cl;
  }

  /** The CLI prints nothing but its own output; the daemon keeps its informational log. */
  private static void quietLogging(String[] args) {
    String level = "warn";
    for (String a : args) {
      if (a.equals("daemon")) {
        level = "info";
        break;
      }
      if (!a.startsWith("-")) {
        break;
      }
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }
  }
}
