package swarm.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 written byte by byte on the daemon's unix socket: the requests a well-behaved client never sends (no
 * Host header, a body of {@code null}, a tar cut short), which is what bad-input tests need. One request per
 * connection ({@code Connection: close}). Stateless.
 */
final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp() {}

  /** The status and body of an answer; {@link #message()} is Docker's {@code {"message"}} of an error. */
  record Response(int status, String body) {
    String message() {
      try {
        return JSON.readTree(body).path("message").asText(body);
      } catch (IOException notJson) {
        return body;
      }
    }
  }

  /** {@code method path} with Host and {@code Connection: close}, and a JSON body unless it is null. */
  static Response json(Path socket, String method, String path, String body) throws IOException {
    return request(socket, method, path, "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static Response request(Path socket, String method, String path, String contentType, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n");
    if (body != null) {
      head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
          .append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (body != null) {
      all.writeBytes(body);
    }
    return raw(socket, all.toByteArray());
  }

  /** Sends {@code request} as it is and reads the answer until the daemon closes the connection. */
  static Response raw(Path socket, byte[] request) throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> {
      try {
        channel.write(ByteBuffer.wrap(request));
        return read(channel);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      return answer.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no complete answer from " + socket + ": " + e, e);
    } finally {
      channel.close();
    }
  }

  private static Response read(SocketChannel channel) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (true) {
      String text = got.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        Long length = contentLength(text.substring(0, end));
        String body = text.substring(end + 4);
        if (length != null && body.getBytes(StandardCharsets.UTF_8).length >= length) {
          return new Response(status(text), body);
        }
      }
      buf.clear();
      int n = channel.read(buf);
      if (n < 0) {
        return new Response(status(text), end < 0 ? "" : text.substring(end + 4));
      }
      got.write(buf.array(), 0, n);
    }
  }

  private static int status(String text) throws IOException {
    String[] first = text.split("\r\n", 2)[0].split(" ");
    if (first.length < 2 || !first[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + text);
    }
    return Integer.parseInt(first[1]);
  }

  private static Long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return null;
  }
}
