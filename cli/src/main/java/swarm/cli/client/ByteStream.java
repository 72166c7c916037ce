package swarm.cli.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * The body of a streamed answer (logs, image load), read from a plain thread with {@link #next()}. The event loop
 * puts chunks in a queue; when the reader falls behind, the response is paused so memory stays bounded.
 * Threading: one event-loop writer, one reader thread.
 */
public final class ByteStream implements AutoCloseable {
  private static final Object END = new Object();
  private static final int PAUSE_AT = 256;
  private static final int RESUME_AT = 32;

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Function<Throwable, RuntimeException> translate;
  private volatile HttpClientResponse response;
  private volatile boolean paused;
  private boolean ended;

  ByteStream(Function<Throwable, RuntimeException> translate) {
    this.translate = translate;
  }

  /** Called on the event loop, in the response callback, before any chunk is delivered. */
  void attach(HttpClientResponse resp) {
    this.response = resp;
    resp.handler(chunk -> {
      queue.add(chunk.getBytes());
      if (queue.size() > PAUSE_AT && !paused) {
        paused = true;
        resp.pause();
      }
    });
    resp.exceptionHandler(queue::add);
    resp.endHandler(v -> queue.add(END));
  }

  /** The next chunk, or {@code null} once the daemon ended the answer. Blocks. */
  public byte[] next() {
    if (ended) {
      return null;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading from the swarm daemon", e);
    }
    if (paused && queue.size() < RESUME_AT) {
      paused = false;
      response.resume();
    }
    if (item == END) {
      ended = true;
      return null;
    }
    if (item instanceof Throwable t) {
      ended = true;
      throw translate.apply(t);
    }
    return (byte[]) item;
  }

  @Override
  public void close() {
    HttpClientResponse r = response;
    if (r != null && !ended) {
      r.request().reset();
    }
  }

  static Buffer copy(byte[] bytes, int length) {
    return Buffer.buffer(java.util.Arrays.copyOf(bytes, length));
  }
}
