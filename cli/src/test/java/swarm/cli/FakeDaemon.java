package swarm.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in node daemon for end-to-end CLI tests: a Vert.x HTTP server on a unix socket in a temp dir, serving
 * whatever routes the test adds with canned Docker-shaped JSON.
 */
public final class FakeDaemon implements AutoCloseable {
  private final Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
  private final Router router = Router.router(vertx);
  private final Path socket;
  private HttpServer server;

  private final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeDaemon(Path dir) {
    this.socket = dir.resolve("swarm.sock");
    router.route().handler(ctx -> {
      requests.add(ctx.request().method() + " " + ctx.request().uri());
      ctx.next();
    });
  }

  /** Every request served so far, as {@code METHOD uri}, in order. */
  public List<String> requests() {
    return requests;
  }

  public Router router() {
    return router;
  }

  public synchronized FakeDaemon start() throws Exception {
    if (server != null) {
      return this;
    }
    server = vertx.createHttpServer().requestHandler(router)
        .listen(SocketAddress.domainSocketAddress(socket.toString()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return this;
  }

  /** Runs {@code swarm -H <this daemon> args...} in-process, serving first if the test has not started it. */
  public Cli.Result swarm(String... args) throws Exception {
    start();
    String[] full = new String[args.length + 2];
    full[0] = "-H";
    full[1] = host();
    System.arraycopy(args, 0, full, 2, args.length);
    return new Cli().run(full);
  }

  /** The {@code -H} value for this daemon. */
  public String host() {
    return "unix://" + socket;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
