package swarm.daemon.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import swarm.core.error.SwarmException;
import swarm.core.object.Task;
import swarm.daemon.NodeRuntime;
import swarm.worker.logs.LogEntry;

/**
 * {@code GET /services/{id}/logs} and {@code GET /tasks/{id}/logs}: the json-lines logs of the
 * tasks' containers, merged in time order, as Docker's multiplexed stream. With {@code follow},
 * new lines (and tasks that start later) keep coming until the client goes away.
 */
final class LogRoutes implements Routes {
  private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ISO_INSTANT;
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
    boolean follow = Routes.flag(ctx, "follow");
    boolean timestamps = Routes.flag(ctx, "timestamps");
    boolean details = Routes.flag(ctx, "details");
    String tailParam = ctx.queryParams().get("tail");
    int tail;
    if (tailParam == null || tailParam.equals("all") || tailParam.isEmpty()) {
      tail = -1;
    } else if (tailParam.matches("\\d+")) {
      tail = Integer.parseInt(tailParam);
    } else {
      ApiServer.fail(ctx, 400, "invalid tail '" + tailParam + "': use a number of lines or 'all'");
      return;
    }
    var vertx = ctx.vertx();
    vertx.executeBlocking(() -> tasksOf(id, ofService), false).onFailure(ctx::fail).onSuccess(tasks -> {
      HttpServerResponse resp = ctx.response().setChunked(true)
          .putHeader("Content-Type", "application/vnd.docker.multiplexed-stream");
      vertx.executeBlocking(() -> {
        List<Line> lines = new ArrayList<>();
        for (Task t : tasks) {
          for (LogEntry e : node.worker().logs().read(t.id(), tail)) {
            lines.add(new Line(t, e));
          }
        }
        lines.sort(Comparator.comparing(l -> l.entry().time()));
        return lines;
      }, false).onSuccess(lines -> {
        for (Line l : lines) {
          resp.write(frame(l, timestamps, details));
        }
        if (!follow) {
          resp.end();
          return;
        }
        followTasks(ctx, id, ofService, tasks, timestamps, details);
      }).onFailure(ctx::fail);
    });
  }

  private void followTasks(RoutingContext ctx, String id, boolean ofService, List<Task> initial, boolean timestamps,
                           boolean details) {
    var vertx = ctx.vertx();
    HttpServerResponse resp = ctx.response();
    List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();
    Set<String> followed = new HashSet<>();
    Runnable[] subscribeNew = new Runnable[1];
    subscribeNew[0] = () -> vertx.executeBlocking(() -> tasksOf(id, ofService), false).onSuccess(tasks -> {
      for (Task t : tasks) {
        if (followed.add(t.id())) {
          boolean existing = initial.stream().anyMatch(i -> i.id().equals(t.id()));
          subscriptions.add(node.worker().logs().follow(t.id(), existing ? 0 : -1,
              e -> vertx.runOnContext(v -> {
                if (!resp.ended() && !resp.closed()) {
                  resp.write(frame(new Line(t, e), timestamps, details));
                }
              })));
        }
      }
    });
    subscribeNew[0].run();
    long timer = vertx.setPeriodic(1000, t -> subscribeNew[0].run());
    resp.closeHandler(v -> {
      vertx.cancelTimer(timer);
      for (AutoCloseable s : subscriptions) {
        try {
          s.close();
        } catch (Exception ignored) {
          // the follower is gone either way
        }
      }
    });
  }

  private List<Task> tasksOf(String id, boolean ofService) {
    var api = node.requireManager().controlApi();
    if (ofService) {
      String serviceId = api.service(id).id();
      return api.tasks(serviceId, node.identity().nodeId(), null);
    }
    List<Task> matches = api.tasks(null, null, null).stream().filter(t -> t.id().startsWith(id)).toList();
    if (matches.size() != 1) {
      throw matches.isEmpty() ? SwarmException.notFound("task " + id + " not found")
          : SwarmException.invalid("task id prefix " + id + " is ambiguous");
    }
    return matches;
  }

  private record Line(Task task, LogEntry entry) {}

  /** One frame of Docker's multiplexed stream: [stream, 0, 0, 0, uint32 BE length] + payload. */
  private Buffer frame(Line l, boolean timestamps, boolean details) {
    StringBuilder b = new StringBuilder();
    if (timestamps) {
      b.append(RFC3339_NANO.format(l.entry().time())).append(' ');
    }
    if (details) {
      b.append("com.docker.swarm.node.id=").append(l.task().nodeId())
          .append(",com.docker.swarm.service.id=").append(l.task().serviceId())
          .append(",com.docker.swarm.task.id=").append(l.task().id()).append(' ');
    }
    b.append(l.entry().line());
    if (b.charAt(b.length() - 1) != '\n') {
      b.append('\n');
    }
    byte[] payload = b.toString().getBytes(StandardCharsets.UTF_8);
    Buffer frame = Buffer.buffer(8 + payload.length);
    frame.appendByte((byte) ("stderr".equals(l.entry().stream()) ? 2 : 1)).appendBytes(new byte[3]);
    frame.appendInt(payload.length).appendBytes(payload);
    return frame;
  }
}
