package swarm.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;

/**
 * The daemon's HTTP API (docs/api.md) as blocking calls: HTTP/1.1 over the unix socket with a Vert.x client on
 * the native epoll transport. JSON answers are parsed with the shared codec; an HTTP error becomes a
 * {@link SwarmException} carrying the daemon's {@code message} and the kind matching the status; a daemon that
 * cannot be reached becomes one line naming the socket. Calls block the calling thread, which must not be a Vert.x
 * thread; one client may be used by several threads.
 */
public final class ApiClient implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final DaemonAddress address;
  private final Vertx vertx;
  private final HttpClientAgent http;
  private final SocketAddress server;

  private ApiClient(DaemonAddress address, Vertx vertx, HttpClientAgent http) {
    this.address = address;
    this.vertx = vertx;
    this.http = http;
    this.server = address.isTcp() ? SocketAddress.inetSocketAddress(address.port(), address.host())
        : SocketAddress.domainSocketAddress(address.socket().toString());
  }

  /** Starts a small Vert.x (one event loop, no file cache) for this process; nothing is sent until a call. */
  public static ApiClient open(DaemonAddress address) {
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1)
            .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                .setClassPathResolvingEnabled(false)))
        .build();
    if (!vertx.isNativeTransportEnabled()) {
      Throwable why = vertx.unavailableNativeTransportCause();
      vertx.close();
      throw new DaemonUnreachableException(address, "the native epoll transport needed for unix sockets is"
          + " unavailable (" + (why == null ? "unknown reason" : why.getMessage()) + ")", why);
    }
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true);
    if (address.isTcp()) {
      // Mutual TLS with the swarm's CA; the host name is not checked, the CA pin and the certificate are.
      options.setSsl(true).setVerifyHost(false)
          .setTrustOptions(new PemTrustOptions().addCertPath(address.tls().caCert().toString()))
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(address.tls().cert().toString())
              .setKeyPath(address.tls().key().toString()));
    }
    HttpClientAgent http = vertx.createHttpClient(options);
    return new ApiClient(address, vertx, http);
  }

  public DaemonAddress address() {
    return address;
  }

  public JsonNode get(String path) {
    return call(HttpMethod.GET, path, null);
  }

  /** POSTs {@code body} encoded with the shared codec ({@code null} sends no body). */
  public JsonNode post(String path, Object body) {
    return call(HttpMethod.POST, path, body == null ? null : Buffer.buffer(Json.toBytes(body)));
  }

  public JsonNode delete(String path) {
    return call(HttpMethod.DELETE, path, null);
  }

  /** A request whose answer is streamed ({@code GET /services/x/logs}). Close the stream to stop early. */
  public ByteStream stream(String path) {
    return await(http.request(options(HttpMethod.GET, path)).compose(req -> {
      ByteStream stream = new ByteStream(this::translate);
      return req.send().compose(resp -> attach(resp, stream));
    }));
  }

  /**
   * POSTs {@code body} as it is read, in 64 KiB chunks (never whole in memory), and returns the streamed answer.
   * {@code length} &lt; 0 sends the body chunked (standard input).
   */
  public ByteStream upload(String path, InputStream body, long length, String contentType) {
    HttpClientRequest req = await(http.request(options(HttpMethod.POST, path)));
    // Failures surface through the write and response futures; without a handler Vert.x also logs them.
    req.exceptionHandler(e -> { });
    req.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    if (length >= 0) {
      req.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    } else {
      req.setChunked(true);
    }
    ByteStream stream = new ByteStream(this::translate);
    Future<ByteStream> answer = req.response().compose(resp -> attach(resp, stream));
    byte[] chunk = new byte[CHUNK];
    try {
      int n;
      while (!answer.isComplete() && (n = body.read(chunk)) > 0) {
        await(req.write(ByteStream.copy(chunk, n)));
      }
      if (!answer.isComplete()) {
        await(req.end());
      }
    } catch (IOException e) {
      req.reset();
      throw new UncheckedIOException("cannot read the upload: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // The daemon may answer (e.g. 400) and close before taking the whole body: its answer explains more.
      if (answer.failed() || waitBriefly(answer)) {
        return await(answer);
      }
      throw e;
    }
    return await(answer);
  }

  private static boolean waitBriefly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
    } catch (Exception ignored) {
      // whatever the outcome, the caller looks at the future's state
    }
    return f.isComplete();
  }

  private Future<ByteStream> attach(HttpClientResponse resp, ByteStream stream) {
    if (resp.statusCode() >= 400) {
      return resp.body().compose(b -> Future.failedFuture(httpError(resp.statusCode(), b)));
    }
    stream.attach(resp);
    return Future.succeededFuture(stream);
  }

  private JsonNode call(HttpMethod method, String path, Buffer body) {
    Future<JsonNode> answer = http.request(options(method, path)).compose(req -> {
      if (body != null) {
        req.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      }
      return (body == null ? req.send() : req.send(body)).compose(resp -> resp.body().map(b -> {
        if (resp.statusCode() >= 400) {
          throw httpError(resp.statusCode(), b);
        }
        return parse(b);
      }));
    });
    return await(answer);
  }

  private static JsonNode parse(Buffer body) {
    if (body.length() == 0) {
      return MissingNode.getInstance();
    }
    try {
      return Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      // Plain-text answers such as /_ping's "OK".
      return Json.MAPPER.getNodeFactory().textNode(body.toString(StandardCharsets.UTF_8));
    }
  }

  /** The daemon's {@code {"message": ...}} as a SwarmException whose kind follows the status. */
  static SwarmException httpError(int status, Buffer body) {
    String message = null;
    try {
      JsonNode json = Json.MAPPER.readTree(body.getBytes());
      if (json != null && json.hasNonNull("message")) {
        message = json.get("message").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      String text = body.toString(StandardCharsets.UTF_8).trim();
      message = text.isEmpty() ? null : text;
    }
    if (message == null || message.isBlank()) {
      message = "the swarm daemon answered HTTP " + status;
    }
    return new SwarmException(SwarmException.Kind.ofHttpStatus(status), message);
  }

  private RequestOptions options(HttpMethod method, String path) {
    return new RequestOptions().setMethod(method).setServer(server).setHost("localhost").setPort(80).setURI(path);
  }

  private <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException | CompletionException e) {
      throw translate(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the swarm daemon", e);
    }
  }

  private RuntimeException translate(Throwable t) {
    if (t instanceof SwarmException se) {
      return se;
    }
    if (t instanceof HttpClosedException) {
      return new SwarmException(SwarmException.Kind.UNAVAILABLE, "the swarm daemon at " + address
          + " closed the connection before answering");
    }
    String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String lower = why.toLowerCase(Locale.ROOT);
    // The errno first: Netty's native connect errors are all ConnectExceptions, EACCES and ENOENT included.
    if (lower.contains("permission denied") || t instanceof AccessDeniedException) {
      return DaemonUnreachableException.permissionDenied(address, t);
    }
    if (t instanceof FileNotFoundException || lower.contains("no such file")) {
      return new DaemonUnreachableException(address, "no such socket", t);
    }
    if (t instanceof ConnectException || lower.contains("refused")) {
      return new DaemonUnreachableException(address, "connection refused", t);
    }
    if (t instanceof IOException) {
      return new DaemonUnreachableException(address, why, t);
    }
    return t instanceof RuntimeException re ? re : new IllegalStateException(why, t);
  }


  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the process is about to exit; a slow shutdown must not hide the command's result
    }
  }
}
