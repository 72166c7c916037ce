package swarm.manager.logs;

import java.util.Optional;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.manager.dispatcher.Dispatcher;

/** How the broker reaches nodes: in production the sessions this manager's {@link Dispatcher} holds. */
public interface NodeLogs {
  /** Sends the request to the node; empty when the node cannot be reached from here. */
  Optional<AutoCloseable> request(String nodeId, LogRequest request, LogSource.LogSink sink);

  /** Why {@link #request} could not reach the node, for a person ("node is down"). */
  String whyUnavailable(String nodeId);

  static NodeLogs of(Dispatcher dispatcher) {
    return new NodeLogs() {
      @Override
      public Optional<AutoCloseable> request(String nodeId, LogRequest request, LogSource.LogSink sink) {
        return dispatcher.requestLogs(nodeId, request, sink);
      }

      @Override
      public String whyUnavailable(String nodeId) {
        return dispatcher.whyNoLogs(nodeId);
      }
    };
  }
}
