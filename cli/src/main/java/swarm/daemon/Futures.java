package swarm.daemon;

import io.vertx.core.Future;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import swarm.core.error.SwarmException;

/**
 * Waits for a Vert.x future from a thread that may block (main, or a Vert.x worker thread where
 * {@code Future.await()} is not allowed). Never call it on an event-loop thread.
 */
public final class Futures {
  private static final long TIMEOUT_SECONDS = 60;

  private Futures() {}

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw SwarmException.unavailable("timed out after " + TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SwarmException.unavailable("interrupted");
    }
  }
}
