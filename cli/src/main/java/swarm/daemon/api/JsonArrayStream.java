package swarm.daemon.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import swarm.core.json.Json;

/**
 * Writes a JSON array to an HTTP response chunk by chunk (chunked transfer encoding), waiting for each chunk to
 * be written before encoding the next, so memory stays at one chunk whatever the array's length. Runs on a
 * worker thread (it blocks); a client that stops reading for {@link #WRITE_TIMEOUT_SECONDS} is dropped.
 */
final class JsonArrayStream {
  static final int CHUNK_BYTES = 64 * 1024;
  static final long WRITE_TIMEOUT_SECONDS = 60;

  private JsonArrayStream() {}

  static void write(HttpServerResponse response, Iterable<?> items) {
    response.setStatusCode(200).putHeader("Content-Type", "application/json").setChunked(true);
    ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK_BYTES + 4096);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(chunk)) {
      json.setCodec(Json.MAPPER);
      json.writeStartArray();
      for (Object item : items) {
        json.writeObject(item);
        json.flush();
        if (chunk.size() >= CHUNK_BYTES) {
          send(response, chunk);
        }
      }
      json.writeEndArray();
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await(response, response.end(Buffer.buffer(chunk.toByteArray())));
  }

  private static void send(HttpServerResponse response, ByteArrayOutputStream chunk) {
    Buffer b = Buffer.buffer(chunk.toByteArray());
    chunk.reset();
    await(response, response.write(b));
  }

  private static void await(HttpServerResponse response, io.vertx.core.Future<Void> written) {
    try {
      written.toCompletionStage().toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing a listing", e);
    } catch (ExecutionException | TimeoutException e) {
      // The client went away or stopped reading: nothing more to send it.
      response.reset();
      throw new IllegalStateException("client stopped reading a listing: " + e);
    }
  }
}
