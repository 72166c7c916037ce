package swarm.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import swarm.cli.ApiCommand;
import swarm.cli.FlagValues;
import swarm.cli.client.ByteStream;
import swarm.cli.client.LineSplitter;
import swarm.cli.client.Query;
import swarm.core.json.Json;

/**
 * {@code swarm events}: the swarm's events as they happen (services, nodes and tasks created, updated, removed),
 * one a line like {@code docker events}, or as JSON lines. Runs until interrupted, or until {@code --until} passes.
 */
@Command(name = "events", description = "Get real time events from the swarm")
public final class EventsCommand extends ApiCommand {
  static final List<String> TYPES = List.of("service", "task", "node");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  @Option(names = "--since", paramLabel = "T",
      description = "Show events since T: RFC 3339, Unix seconds, or a duration ago (10m)")
  String since;

  @Option(names = "--until", paramLabel = "T", description = "Stream events until T (same forms as --since)")
  String until;

  @Option(names = {"-f", "--filter"}, paramLabel = "type=TYPE",
      description = "Only events of this type: service, task or node (repeatable)")
  List<String> filters = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: json prints each event as JSON")
  String format;

  /** What the flags ask for, checked before anything reaches the daemon. */
  record Request(Instant since, Instant until, Set<String> types, boolean json) {
    String path() {
      Query q = Query.path("/events");
      if (since != null) {
        q.param("since", EventTime.wire(since));
      }
      if (until != null) {
        q.param("until", EventTime.wire(until));
      }
      if (!types.isEmpty()) {
        q.filters(Map.of("type", List.copyOf(types)));
      }
      return q.toString();
    }
  }

  Request request(Instant now) {
    FlagValues flags = new FlagValues();
    Instant from = time(flags, "--since", since, now);
    Instant to = time(flags, "--until", until, now);
    Set<String> types = new LinkedHashSet<>();
    for (String f : filters) {
      String[] kv = f.split("=", 2);
      if (kv.length != 2 || !kv[0].trim().equals("type")) {
        flags.problem("invalid value '" + f + "' for --filter: use type=service, type=task or type=node");
      } else if (!TYPES.contains(kv[1].trim())) {
        flags.problem("invalid value '" + f + "' for --filter: the type must be service, task or node");
      } else {
        types.add(kv[1].trim());
      }
    }
    boolean json = false;
    if (format != null) {
      String t = format.replace(" ", "");
      if (t.equals("json") || t.equals("{{json.}}")) {
        json = true;
      } else {
        flags.problem("invalid value '" + format + "' for --format: use json (Go templates are not supported)");
      }
    }
    flags.check();
    return new Request(from, to, types, json);
  }

  private static Instant time(FlagValues flags, String flag, String text, Instant now) {
    if (text == null) {
      return null;
    }
    try {
      return EventTime.parse(flag, text, now);
    } catch (IllegalArgumentException e) {
      flags.problem(e.getMessage());
      return null;
    }
  }

  @Override
  public Integer call() {
    Request req = request(clock().instant());
    LineSplitter lines = new LineSplitter();
    try (ByteStream stream = client().stream(req.path())) {
      byte[] chunk;
      while ((chunk = stream.next()) != null) {
        for (String line : lines.feed(chunk)) {
          print(line, req.json());
        }
      }
    }
    lines.flush().forEach(l -> print(l, req.json()));
    return 0;
  }

  private void print(String line, boolean json) {
    if (line.isBlank()) {
      return;
    }
    out().println(json ? line : text(Json.read(line, JsonNode.class)));
    out().flush();
  }

  /** Docker's line: {@code 2026-11-26T14:00:00.000000000Z service create ID (name=web)}, attributes sorted. */
  static String text(JsonNode e) {
    long nanos = e.path("timeNano").asLong(e.path("time").asLong() * 1_000_000_000L);
    StringBuilder b = new StringBuilder(TIME.format(Instant.ofEpochSecond(0, nanos)));
    b.append(' ').append(e.path("Type").asText()).append(' ').append(e.path("Action").asText())
        .append(' ').append(e.path("Actor").path("ID").asText());
    Map<String, String> attrs = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = e.path("Actor").path("Attributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      attrs.put(a.getKey(), a.getValue().asText());
    }
    if (!attrs.isEmpty()) {
      List<String> parts = new ArrayList<>();
      attrs.forEach((k, v) -> parts.add(k + "=" + v));
      b.append(" (").append(String.join(", ", parts)).append(')');
    }
    return b.toString();
  }
}
