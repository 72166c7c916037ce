package swarm.daemon.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import swarm.core.error.SwarmException;
import swarm.core.object.Task;
import swarm.core.units.Timestamps;
import swarm.daemon.NodeRuntime;
import swarm.manager.logs.LogBroker;
import swarm.manager.logs.NodeLogs;
import swarm.manager.logs.TaskLine;

/**
 * {@code GET /services/{id}/logs} and {@code GET /tasks/{id}/logs}: the json-lines logs of the tasks' containers on
 * every node that ran them, gathered by the {@link LogBroker} over the nodes' sessions on this manager, merged in time
 * order, as Docker's multiplexed stream. {@code tail} applies per task, {@code since} takes RFC 3339, Unix seconds or
 * a duration before now. With {@code follow}, lines come as nodes send them, and tasks that start later are followed
 * too, until the client goes away. A node out of reach is said in a stderr line without details, never waited for;
 * nodes whose session another manager holds are among those (logs are not forwarded between managers).
 */
final class LogRoutes implements Routes {
  private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ISO_INSTANT;
  private static final long NEW_TASKS_POLL_MILLIS = 1000;
  private final NodeRuntime node;

  LogRoutes(NodeRuntime node) {
    this.node = node;
  }

  @Override
  public void mount(Router r) {
    r.get("/services/:id/logs").handler(ctx -> stream(ctx, true));
    r.get("/tasks/:id/logs").handler(ctx -> stream(ctx, false));
  }

  private void stream(RoutingContext ctx, boolean ofService) {
    String id = ctx.pathParam("id");
    Options o;
    try {
      o = Options.of(ctx);
    } catch (IllegalArgumentException e) {
      ApiServer.fail(ctx, 400, e.getMessage());
      return;
    }
    Vertx vertx = ctx.vertx();
    vertx.executeBlocking(() -> tasksOf(id, ofService), false).onFailure(ctx::fail).onSuccess(tasks -> {
      HttpServerResponse resp = ctx.response().setChunked(true)
          .putHeader("Content-Type", "application/vnd.docker.multiplexed-stream");
      if (o.follow()) {
        follow(ctx, id, ofService, tasks, o);
        return;
      }
      vertx.executeBlocking(() -> broker().collect(tasks, o.tail(), o.since()), false).onSuccess(logs -> {
        logs.lines().forEach(l -> resp.write(frame(l, o)));
        logs.notices().forEach(n -> resp.write(notice(n, o)));
        resp.end();
      }).onFailure(ctx::fail);
    });
  }

  private void follow(RoutingContext ctx, String id, boolean ofService, List<Task> initial, Options o) {
    Vertx vertx = ctx.vertx();
    HttpServerResponse resp = ctx.response();
    List<AutoCloseable> follows = new CopyOnWriteArrayList<>();
    Set<String> followed = new HashSet<>(); // event loop only
    boolean[] gone = {false};
    LogBroker.Listener listener = new LogBroker.Listener() {
      @Override
      public void line(TaskLine line) {
        vertx.runOnContext(v -> write(resp, frame(line, o)));
      }

      @Override
      public void notice(String message) {
        vertx.runOnContext(v -> write(resp, LogRoutes.notice(message, o)));
      }
    };
    LogBroker broker = broker();
    follow(vertx, broker, initial, followed, follows, gone, o.tail(), o, listener);
    long timer = vertx.setPeriodic(NEW_TASKS_POLL_MILLIS, t -> vertx.executeBlocking(() -> tasksOf(id, ofService), false)
        // A task that started after the request: all its lines.
        .onSuccess(tasks -> follow(vertx, broker, tasks, followed, follows, gone, -1, o, listener)));
    resp.closeHandler(v -> {
      gone[0] = true;
      vertx.cancelTimer(timer);
      follows.forEach(LogRoutes::closeQuietly);
    });
  }

  /** Follows the tasks not followed yet (those already placed on a node). Event loop only. */
  private static void follow(Vertx vertx, LogBroker broker, List<Task> tasks, Set<String> followed,
                             List<AutoCloseable> follows, boolean[] gone, int tail, Options o,
                             LogBroker.Listener listener) {
    List<Task> fresh = tasks.stream().filter(t -> t.nodeId() != null && !followed.contains(t.id())).toList();
    if (gone[0] || fresh.isEmpty()) {
      return;
    }
    fresh.forEach(t -> followed.add(t.id()));
    vertx.executeBlocking(() -> broker.follow(fresh, tail, o.since(), listener), false).onSuccess(handle -> {
      follows.add(handle);
      if (gone[0]) {
        closeQuietly(handle);
      }
    });
  }

  private static void write(HttpServerResponse resp, Buffer frame) {
    if (!resp.ended() && !resp.closed()) {
      resp.write(frame);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // the follower is gone either way
    }
  }

  private LogBroker broker() {
    return new LogBroker(NodeLogs.of(node.requireManager().dispatcher()));
  }

  private List<Task> tasksOf(String id, boolean ofService) {
    var api = node.requireManager().controlApi();
    if (ofService) {
      String serviceId = api.service(id).id();
      return api.tasks(serviceId, null, null);
    }
    List<Task> matches = api.tasks(null, null, null).stream().filter(t -> t.id().startsWith(id)).toList();
    if (matches.size() != 1) {
      throw matches.isEmpty() ? SwarmException.notFound("task " + id + " not found")
          : SwarmException.invalid("task id prefix " + id + " is ambiguous");
    }
    return matches;
  }

  /** The query's options; {@code tail} -1 means all, {@code since} null means from the start. */
  private record Options(boolean follow, boolean timestamps, boolean details, int tail, Instant since) {
    static Options of(RoutingContext ctx) {
      String tailParam = ctx.queryParams().get("tail");
      int tail;
      if (tailParam == null || tailParam.equals("all") || tailParam.isEmpty()) {
        tail = -1;
      } else if (tailParam.matches("\\d{1,9}")) {
        tail = Integer.parseInt(tailParam);
      } else {
        throw new IllegalArgumentException("invalid tail '" + tailParam + "': use a number of lines or 'all'");
      }
      String sinceParam = ctx.queryParams().get("since");
      Instant since = sinceParam == null || sinceParam.isEmpty() || sinceParam.equals("0") ? null
          : Timestamps.parse("since", sinceParam, Instant.now());
      return new Options(Routes.flag(ctx, "follow"), Routes.flag(ctx, "timestamps"), Routes.flag(ctx, "details"),
          tail, since);
    }
  }

  /** One frame of Docker's multiplexed stream: [stream, 0, 0, 0, uint32 BE length] + payload. */
  private static Buffer frame(TaskLine l, Options o) {
    StringBuilder b = new StringBuilder();
    if (o.timestamps()) {
      b.append(RFC3339_NANO.format(l.line().time())).append(' ');
    }
    if (o.details()) {
      b.append("com.docker.swarm.node.id=").append(l.task().nodeId())
          .append(",com.docker.swarm.service.id=").append(l.task().serviceId())
          .append(",com.docker.swarm.task.id=").append(l.task().id()).append(' ');
    }
    b.append(l.line().line());
    return frame("stderr".equals(l.line().stream()), b);
  }

  /** A broker's notice (a node out of reach): a stderr line of no task. */
  private static Buffer notice(String message, Options o) {
    StringBuilder b = new StringBuilder();
    if (o.timestamps()) {
      b.append(RFC3339_NANO.format(Instant.now())).append(' ');
    }
    return frame(true, b.append(message));
  }

  private static Buffer frame(boolean stderr, StringBuilder b) {
    if (b.length() == 0 || b.charAt(b.length() - 1) != '\n') {
      b.append('\n');
    }
    byte[] payload = b.toString().getBytes(StandardCharsets.UTF_8);
    Buffer frame = Buffer.buffer(8 + payload.length);
    frame.appendByte((byte) (stderr ? 2 : 1)).appendBytes(new byte[3]);
    frame.appendInt(payload.length).appendBytes(payload);
    return frame;
  }
}
