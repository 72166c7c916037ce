package swarm.daemon.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.daemon.Futures;
import swarm.daemon.NodeRuntime;
import swarm.daemon.Version;

/**
 * The HTTP API of one node on its unix socket. Routes strip Docker's {@code /v1.xx} prefix (a version outside
 * {@link Version#MIN_API} to {@link Version#API} is a 400, as in Docker), then dispatch to one class per resource.
 * Errors become Docker's {@code {"message"}} bodies: a {@link SwarmException} keeps its status and text, as does a
 * client error Vert.x found (a 4xx such as HTTP/1.1 without Host); anything else is a 500, logged once here.
 * Thread-safety: handlers run on the Vert.x event loop or, when they block, on worker threads.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v([0-9.]+)(/.*)$");

  private final HttpServer server;

  private ApiServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code socket}; blocks until listening. */
  public static ApiServer start(Vertx vertx, Path socket, Router router) {
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    Futures.await(server.listen(SocketAddress.domainSocketAddress(socket.toString())));
    return new ApiServer(server);
  }

  /** The Docker API routes, to serve on the unix socket and (behind a certificate check) on the cluster port. */
  public static Router router(Vertx vertx, NodeRuntime node) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      var m = VERSION_PREFIX.matcher(ctx.request().path());
      if (m.matches()) {
        String unsupported = Version.unsupported(m.group(1));
        if (unsupported != null) {
          fail(ctx, 400, unsupported);
          return;
        }
        String query = ctx.request().query();
        ctx.reroute(m.group(2) + (query == null ? "" : "?" + query));
      } else {
        ctx.next();
      }
    });
    for (Routes routes : List.of(new SystemRoutes(node), new SwarmRoutes(node), new NodeRoutes(node),
        new SwarmUpdateRoutes(node),
        new ServiceRoutes(node), new TaskRoutes(node), new NetworkRoutes(node), new ImageRoutes(node), new LogRoutes(node), new EventRoutes(node))) {
      routes.mount(router);
    }
    router.route().last().handler(ctx -> fail(ctx, 404, "page not found: " + ctx.request().method() + " " + ctx.request().path()));
    router.route().failureHandler(ApiServer::onFailure);
    return router;
  }

  /** Turns a failed request into Docker's error body: the status of a {@link SwarmException}, else 500. */
  public static void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    while (t != null && !(t instanceof SwarmException) && t.getCause() != null && t.getCause() != t) {
      if (t instanceof IllegalArgumentException) {
        break;
      }
      t = t.getCause();
    }
    if (t instanceof SwarmException e) {
      fail(ctx, e.kind().httpStatus, e.getMessage());
    } else if (t != null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Vert.x's own refusals of a malformed request (no Host header, a body over the limit) carry their status.
      fail(ctx, ctx.statusCode(), t.getMessage());
    } else if (t instanceof IllegalArgumentException || t instanceof java.io.UncheckedIOException) {
      fail(ctx, 400, t.getMessage());
    } else if (t != null) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      fail(ctx, 500, "internal error: " + ctx.failure());
    } else {
      fail(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, "request failed");
    }
  }

  public static void fail(RoutingContext ctx, int status, String message) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Routes.json(ctx, status, java.util.Map.of("message", message == null ? "" : message));
  }

  @Override
  public void close() {
    Futures.await(server.close());
  }
}
