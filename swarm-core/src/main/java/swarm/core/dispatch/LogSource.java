package swarm.core.dispatch;

import java.util.List;

/**
 * Where a session's node answers log requests from: the worker registers one when it opens its session, and the
 * manager's side of the session asks it (directly in-process, over the session's messages otherwise).
 */
public interface LogSource {
  /**
   * Starts answering {@code request} into {@code sink}; returns at once. The returned handle cancels a follow (and is
   * harmless after the end). The sink sees {@link LogSink#end} exactly once, last.
   */
  AutoCloseable serve(LogRequest request, LogSink sink);

  /** Receives one request's lines. Implementations must accept calls from any thread, one at a time. */
  interface LogSink {
    void lines(List<LogLine> lines);

    /** No more lines: {@code error} is null on success, else what went wrong, for a person. */
    void end(String error);
  }
}
