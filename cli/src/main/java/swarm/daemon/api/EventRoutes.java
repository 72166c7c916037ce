package swarm.daemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.daemon.NodeRuntime;
import swarm.manager.events.Event;
import swarm.manager.events.EventLog;

/**
 * {@code GET /events?since=T&until=T&filters={"type":["service"]}}: Docker's event stream, one JSON object a line, from
 * the event log of the manager serving the request. {@code since} replays the retained events from then on; the
 * stream then follows new events until the client goes away or {@code until} passes. Writes happen on the request's
 * event loop; the log's subscriber only hands events over to it.
 */
final class EventRoutes implements Routes {
  private final NodeRuntime node;

  EventRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/events").handler(this::stream);
  }

  private void stream(RoutingContext ctx) {
    EventLog log = node.requireManager().events();
    Instant since = time("since", ctx.queryParams().get("since"));
    Instant until = time("until", ctx.queryParams().get("until"));
    Set<Event.Type> types = types(ctx.queryParams().get("filters"));
    Vertx vertx = ctx.vertx();
    HttpServerResponse resp = ctx.response().setChunked(true).putHeader("Content-Type", "application/json");
    Context context = vertx.getOrCreateContext(); // the request's: live events queue behind the replay below
    EventLog.Subscription sub = log.subscribe(since, e -> context.runOnContext(v -> {
      if (!resp.ended() && !resp.closed()) {
        write(resp, e, types, until);
      }
    }));
    resp.writeHead();
    for (Event e : sub.replay()) {
      write(resp, e, types, until);
    }
    Instant now = Instant.now();
    if (until != null && !until.isAfter(now)) {
      sub.close();
      resp.end();
      return;
    }
    long timer = until == null ? -1
        : vertx.setTimer(Math.max(1, until.toEpochMilli() - now.toEpochMilli()), t -> {
          sub.close();
          if (!resp.ended() && !resp.closed()) {
            resp.end();
          }
        });
    resp.closeHandler(v -> {
      sub.close();
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    });
  }

  private static void write(HttpServerResponse resp, Event e, Set<Event.Type> types, Instant until) {
    if (types.contains(e.type()) && (until == null || !e.time().isAfter(until))) {
      resp.write(Buffer.buffer(Json.toBytes(wire(e))).appendByte((byte) '\n'));
    }
  }

  /** Docker's events message; field names spelled as Docker spells them (they are not all UpperCamelCase). */
  static Map<String, Object> wire(Event e) {
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("ID", e.actorId());
    actor.put("Attributes", new TreeMap<>(e.attributes()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Type", e.type().wire());
    m.put("Action", e.action().wire());
    m.put("Actor", actor);
    m.put("scope", "swarm");
    m.put("time", e.time().getEpochSecond());
    m.put("timeNano", e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano());
    return m;
  }

  /** Docker's time parameter: Unix seconds with an optional fraction ({@code 1700000000.5}), or RFC 3339. */
  static Instant time(String param, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    try {
      if (t.matches("\\d+(\\.\\d{1,9})?")) {
        BigDecimal nanos = new BigDecimal(t).movePointRight(9);
        BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact());
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw SwarmException.invalid("invalid value '" + text + "' for " + param
          + ": use Unix seconds (1700000000 or 1700000000.5) or an RFC 3339 time (2026-11-26T14:00:00Z)");
    }
  }

  /** The {@code type} filter; every type when absent. Accepts Docker's list and map forms. */
  static Set<Event.Type> types(String filters) {
    if (filters == null || filters.isBlank()) {
      return EnumSet.allOf(Event.Type.class);
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(filters);
    } catch (JsonProcessingException e) {
      throw SwarmException.invalid("invalid filters: not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw SwarmException.invalid("invalid filters: expected a JSON object such as {\"type\":[\"service\"]}");
    }
    List<String> problems = new ArrayList<>();
    Set<Event.Type> types = EnumSet.noneOf(Event.Type.class);
    boolean typeGiven = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getKey().equals("type")) {
        problems.add("invalid filter '" + f.getKey() + "': only type is supported");
        continue;
      }
      List<String> values = new ArrayList<>();
      if (f.getValue().isArray()) {
        f.getValue().forEach(v -> values.add(v.asText()));
      } else if (f.getValue().isObject()) {
        f.getValue().fieldNames().forEachRemaining(values::add);
      } else {
        values.add(f.getValue().asText());
      }
      for (String v : values) {
        typeGiven = true;
        Event.Type t = Event.Type.parse(v);
        if (t == null) {
          problems.add("invalid filter 'type=" + v + "': use service, node or task");
        } else {
          types.add(t);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw SwarmException.invalid(problems);
    }
    return typeGiven ? types : EnumSet.allOf(Event.Type.class);
  }
}
