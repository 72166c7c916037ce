package swarm.daemon.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import swarm.core.error.SwarmException;
import swarm.core.json.InputJson;
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

  /**
   * Parses the request body as {@code type}, strictly ({@link InputJson}): an empty, {@code null}, malformed or
   * mistyped body is the client's error, said plainly with the JSON field it is in.
   */
  static <T> T body(RoutingContext ctx, Class<T> type) {
    Buffer b = ctx.body().buffer();
    return InputJson.read(b == null ? null : b.getBytes(), type);
  }

  /** The {@code version} query parameter of an update: the {@code kind}'s Version.Index the caller read. */
  static long version(RoutingContext ctx, String kind) {
    String text = ctx.queryParams().get("version");
    if (text == null || !text.matches("\\d{1,18}")) {
      throw SwarmException.invalid("query parameter version is required: the " + kind
          + "'s Version.Index it was read at");
    }
    return Long.parseLong(text);
  }

  static boolean flag(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  static Map<String, String> message(String text) {
    return Map.of("message", text);
  }
}
