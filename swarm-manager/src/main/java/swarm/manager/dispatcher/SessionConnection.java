package swarm.manager.dispatcher;

import swarm.core.dispatch.SessionMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.LogRequest;
import swarm.core.dispatch.LogSource;
import swarm.core.json.Json;

/**
 * One worker's WebSocket on this manager, bound to a {@link NodeSession} once the worker has described itself.
 * Confined to the connection's event-loop context: every handler and every write runs there, so nothing is locked.
 */
final class SessionConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SessionConnection.class);
  static final short HEARTBEAT_TIMEOUT = 4000;
  static final short PROTOCOL_ERROR = 1008;
  static final short SERVER_ERROR = 1011;

  private final Vertx vertx;
  private final Dispatcher dispatcher;
  private final String nodeId;
  private final String addr;
  private final ServerWebSocket ws;
  private final Context context;
  private final List<SessionMessage> early = new ArrayList<>();
  private final Map<String, LogSource.LogSink> logReaders = new HashMap<>();
  private NodeSession session;
  private boolean registering;
  private boolean closed;

  SessionConnection(Vertx vertx, Dispatcher dispatcher, String nodeId, String addr, ServerWebSocket ws) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.nodeId = nodeId;
    this.addr = addr;
    this.ws = ws;
    this.context = vertx.getOrCreateContext();
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.exceptionHandler(e -> LOG.debug("session connection of node {}: {}", nodeId, e.toString()));
    ws.closeHandler(v -> onClosed());
  }

  private void onText(String text) {
    SessionMessage message;
    try {
      message = Json.read(text, SessionMessage.class);
    } catch (RuntimeException e) {
      LOG.debug("node {} sent an unreadable or unknown message, ignored: {}", nodeId, e.getMessage());
      return;
    }
    if (session == null) {
      if (registering) {
        early.add(message);
      } else if (message instanceof SessionMessage.Describe d && d.description() != null) {
        register(d);
      } else {
        fail(PROTOCOL_ERROR, "the first message of a session must be the node's description");
      }
      return;
    }
    handle(message);
  }

  private void register(SessionMessage.Describe describe) {
    registering = true;
    // Unordered: one node's registration (a Raft commit) must not queue behind another's on this event loop.
    vertx.executeBlocking(() -> dispatcher.openRemote(nodeId, describe.description(), addr, this::push, this::expired,
            this::requestLogs),
            false)
        .onComplete(ar -> {
          registering = false;
          if (ar.failed()) {
            LOG.warn("cannot open the session of node {}: {}", nodeId, ar.cause().getMessage());
            fail(SERVER_ERROR, "cannot open the session: " + ar.cause().getMessage());
            return;
          }
          session = ar.result();
          if (closed) {
            session.close();
            return;
          }
          LOG.info("node {} opened its session from {}", nodeId, addr);
          send(new SessionMessage.Registered(nodeId, dispatcher.policy().jitteredPeriod().toNanos()));
          early.forEach(this::handle);
          early.clear();
        });
  }

  private void handle(SessionMessage message) {
    if (session.isClosed()) {
      return; // expired: the connection is closing
    }
    if (message instanceof SessionMessage.Heartbeat) {
      Duration next = session.heartbeat();
      send(new SessionMessage.Heartbeat(next.toNanos()));
    } else if (message instanceof SessionMessage.Status s) {
      session.report(s.reports());
    } else if (message instanceof SessionMessage.LogLines l) {
      LogSource.LogSink reader = logReaders.get(l.requestId());
      if (reader != null) {
        reader.lines(l.lines());
      }
    } else if (message instanceof SessionMessage.LogEnd e) {
      LogSource.LogSink reader = logReaders.remove(e.requestId());
      if (reader != null) {
        reader.end(e.error());
      }
    } else if (message instanceof SessionMessage.Describe) {
      LOG.debug("node {} described itself again; a description refresh needs a new session for now", nodeId);
    }
  }

  /** Sends a log request to the worker; any thread. The reader ends when the worker ends it or the session closes. */
  private AutoCloseable requestLogs(LogRequest request, LogSource.LogSink reader) {
    String id = request.requestId();
    context.runOnContext(v -> {
      if (closed) {
        reader.end("the session of node " + nodeId + " closed");
        return;
      }
      logReaders.put(id, reader);
      send(SessionMessage.Logs.of(request));
    });
    return () -> context.runOnContext(v -> {
      LogSource.LogSink r = logReaders.remove(id);
      if (r != null) {
        send(new SessionMessage.LogCancel(id));
        r.end(null);
      }
    });
  }

  /** Called on the dispatcher thread. */
  private void push(Assignments assignments) {
    context.runOnContext(v -> send(new SessionMessage.Assign(assignments.tasks(), assignments.networks())));
  }

  /** Called on the dispatcher thread. */
  private void expired() {
    context.runOnContext(v -> ws.close(HEARTBEAT_TIMEOUT, "heartbeat timeout"));
  }

  private void send(SessionMessage message) {
    if (!closed) {
      ws.writeTextMessage(Json.toString(message));
    }
  }

  private void fail(short code, String reason) {
    send(new SessionMessage.Failure(reason));
    ws.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
  }

  private void onClosed() {
    closed = true;
    List<LogSource.LogSink> readers = new ArrayList<>(logReaders.values());
    logReaders.clear();
    readers.forEach(r -> r.end("the session of node " + nodeId + " closed"));
    if (session != null) {
      LOG.info("session of node {} closed (code {})", nodeId, ws.closeStatusCode());
      session.close();
    }
  }
}
