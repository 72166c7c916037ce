package swarm.daemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Map;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;

/** One resource's routes; helpers shared by all of them for JSON in and out. */
interface Routes {
  void mount(Router router);

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(Json.toBytes(body)));
  }

  static void ok(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
  }

  /**
   * A 200 with {@code items} as a JSON array, written in chunks as the client takes them: a listing of tens of
   * thousands of tasks never sits whole in the heap (one chunk of {@link JsonArrayStream#CHUNK_BYTES} does).
   * Call from a blocking handler: it waits for each chunk to be written.
   */
  static void okList(RoutingContext ctx, Iterable<?> items) {
    JsonArrayStream.write(ctx.response(), items);
  }

  /** Parses the request body as {@code type}; malformed JSON is the client's error, said plainly. */
  static <T> T body(RoutingContext ctx, Class<T> type) {
    Buffer b = ctx.body().buffer();
    if (b == null || b.length() == 0) {
      throw SwarmException.invalid("request body is empty: expected a JSON " + type.getSimpleName());
    }
    try {
      return Json.MAPPER.readValue(b.getBytes(), type);
    } catch (JsonProcessingException e) {
      throw SwarmException.invalid("invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw SwarmException.invalid("cannot read request body: " + e.getMessage());
    }
  }

  static boolean flag(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  static Map<String, String> message(String text) {
    return Map.of("message", text);
  }
}
