package swarm.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import swarm.cli.client.DaemonUnreachableException;
import swarm.core.error.SwarmException;

/**
 * Turns every failure into exactly one line on stderr, {@code error: <what was wrong>}, and exit code 1. Usage
 * mistakes point at the command's {@code --help}; stack traces appear only with {@code --debug}.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final SwarmCommand root;

  ErrorReporter(SwarmCommand root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String command = "'" + cl.getCommandSpec().qualifiedName() + "'";
    String see = " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
    err.println("error: " + describe(ex, command) + see);
    if (root.debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static String describe(ParameterException ex, String command) {
    if (ex.getCause() instanceof CommandLine.TypeConversionException t) {
      return t.getMessage();
    }
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> unmatched = u.getUnmatched();
      String first = unmatched.isEmpty() ? "?" : unmatched.get(0);
      if (first.startsWith("-") && first.length() > 1) {
        String flag = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
        return "unknown flag " + flag + " for " + command;
      }
      if (!ex.getCommandLine().getSubcommands().isEmpty()) {
        return "unknown command '" + first + "' for " + command;
      }
      return "unexpected argument '" + first + "' for " + command;
    }
    if (ex instanceof CommandLine.MissingParameterException m) {
      List<ArgSpec> missing = m.getMissing();
      ArgSpec arg = missing == null || missing.isEmpty() ? null : missing.get(0);
      String message = String.valueOf(ex.getMessage());
      if (arg instanceof OptionSpec o) {
        if (message.startsWith("Missing required option")) {
          return "missing required flag " + o.longestName() + " for " + command;
        }
        return "flag " + o.longestName() + " needs a value";
      }
      if (arg instanceof PositionalParamSpec p) {
        return command + " requires " + p.paramLabel().replace("<", "").replace(">", "");
      }
    }
    String message = String.valueOf(ex.getMessage());
    return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    err.println("error: " + message(ex));
    if (root.debug) {
      ex.printStackTrace(err);
      if (ex instanceof DaemonUnreachableException u && u.reason() != null) {
        u.reason().printStackTrace(err);
      }
    }
    err.flush();
    return 1;
  }

  static String message(Throwable ex) {
    if (ex instanceof SwarmException) {
      return ex.getMessage();
    }
    if (ex instanceof UncheckedIOException u && u.getCause() != null) {
      return String.valueOf(u.getMessage());
    }
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      return ex.getClass().getSimpleName() + " (run with --debug for details)";
    }
    return m;
  }
}
