package swarm.cli.format;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;

/** The {@code --format} of list commands: docker's table, or one JSON object per line (keys sorted, as docker's). */
public enum OutputFormat {
  TABLE, JSON;

  /** {@code null}, {@code table}, {@code json} or docker's {@code {{json .}}}. */
  public static OutputFormat parse(String text) {
    if (text == null || text.isBlank() || text.equals("table")) {
      return TABLE;
    }
    String t = text.replace(" ", "");
    if (t.equals("json") || t.equals("{{json.}}")) {
      return JSON;
    }
    throw SwarmException.invalid("invalid value '" + text + "' for --format: use table or json"
        + " (Go templates are not supported)");
  }

  /** Prints one row as a JSON object on its own line. */
  public static void jsonLine(PrintWriter out, Map<String, ?> row) {
    out.println(Json.toString(new TreeMap<>(row)));
  }
}
