package swarm.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
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

  public FakeDaemon(Path dir) {
    this.socket = dir.resolve("swarm.sock");
  }

  public Router router() {
    return router;
  }

  public FakeDaemon start() throws Exception {
    server = vertx.createHttpServer().requestHandler(router)
        .listen(SocketAddress.domainSocketAddress(socket.toString()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return this;
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
