package swarm.worker.session;

import swarm.core.dispatch.SessionMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.Assignments;
import swarm.core.dispatch.DispatcherClient;
import swarm.core.dispatch.LogLine;
import swarm.core.dispatch.LogSource;
import swarm.core.dispatch.TaskStatusReport;
import swarm.core.json.Json;
import swarm.core.object.Node;
import swarm.core.object.Task;

/**
 * One node's session, kept open across manager failures: connect to a manager, describe the node, heartbeat at the
 * period the manager gives, take assignments; when the connection dies, or the manager stops answering heartbeats,
 * wait a backoff and try the next manager of the list. Reports are kept per task (the most advanced state, the
 * latest of equals) until the task leaves the assignments, sent as they come while connected, and all sent again
 * after each reconnect: the manager ignores what it already has, so none is lost to a dying connection. Log requests
 * are answered from the {@link LogSource} the node registered, on the connection they came on; a lost connection
 * cancels them (the manager tells its reader the session ended).
 *
 * <p>Threading: confined to one Vert.x event-loop context; {@link #report} and {@link #close} hop onto it.
 */
public final class RemoteSession implements DispatcherClient.Session {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSession.class);
  /** Before the manager names a period (and if it never answers the description). */
  private static final long REGISTER_TIMEOUT_MS = 10_000;
  private static final short NORMAL_CLOSURE = 1000;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<String> managers;
  private final Backoff backoff;
  private final Node.Description description;
  private final Consumer<Assignments> listener;
  private final LogSource logs;
  private final Consumer<RemoteSession> onClosed;
  private final Context context;
  private volatile boolean closed;
  private volatile String connectedTo;

  // Context only.
  private int next;
  private WebSocket ws;
  private String attaching;
  private boolean registered;
  private long heartbeatTimer = -1;
  private long watchdogTimer = -1;
  private final Map<String, TaskStatusReport> latest = new LinkedHashMap<>();
  private final Set<String> unsent = new LinkedHashSet<>();
  private final Map<String, AutoCloseable> serving = new HashMap<>(); // log requests of the current connection

  RemoteSession(Vertx vertx, WebSocketClient client, List<String> managers, Backoff backoff,
                Node.Description description, Consumer<Assignments> listener, LogSource logs,
                Consumer<RemoteSession> onClosed) {
    this.vertx = vertx;
    this.client = client;
    this.managers = managers;
    this.backoff = backoff;
    this.description = description;
    this.listener = listener;
    this.logs = logs;
    this.onClosed = onClosed;
    this.context = vertx.getOrCreateContext();
  }

  void start() {
    context.runOnContext(v -> connect());
  }

  /** The manager address the session is registered with now, if any. */
  public Optional<String> connectedManager() {
    return Optional.ofNullable(connectedTo);
  }

  @Override
  public void report(List<TaskStatusReport> reports) {
    List<TaskStatusReport> copy = List.copyOf(reports);
    context.runOnContext(v -> {
      for (TaskStatusReport r : copy) {
        latest.merge(r.taskId(), r, (a, b) -> b.status().state().compareTo(a.status().state()) >= 0 ? b : a);
        unsent.add(r.taskId());
      }
      flushReports();
    });
  }

  /** A clean leave: tells the manager with a normal close; the node is then DOWN once its grace has passed. */
  @Override
  public void close() {
    closed = true;
    context.runOnContext(v -> {
      cancelTimers();
      stopServingAll();
      if (ws != null) {
        ws.close(NORMAL_CLOSURE, "node leaving");
        ws = null;
      }
      connectedTo = null;
      onClosed.accept(this);
    });
  }

  private void connect() {
    if (closed) {
      return;
    }
    String address = managers.get(next);
    RemoteDispatcherClient.ManagerAddress target = RemoteDispatcherClient.ManagerAddress.parse(address);
    attaching = address;
    client.connect(new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
            .setURI(RemoteDispatcherClient.PATH).setSsl(true))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.debug("cannot reach manager {}: {}", address, ar.cause().toString());
            retry();
          } else {
            attach(ar.result(), address);
          }
        });
  }

  private void attach(WebSocket socket, String address) {
    if (closed) {
      socket.close(NORMAL_CLOSURE, "node leaving");
      return;
    }
    if (!peerIsManager(socket)) {
      LOG.warn("{} is not a swarm manager (its certificate says otherwise); trying another", address);
      socket.close();
      retry();
      return;
    }
    ws = socket;
    socket.textMessageHandler(text -> onText(socket, address, text));
    socket.exceptionHandler(e -> LOG.debug("session connection to {}: {}", address, e.toString()));
    socket.closeHandler(v -> lost(socket, "connection closed (" + socket.closeStatusCode() + ")"));
    send(new SessionMessage.Describe(description));
    armWatchdog(REGISTER_TIMEOUT_MS);
  }

  private static boolean peerIsManager(WebSocket socket) {
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain != null && !chain.isEmpty() && CertificateNames.isManager(chain.get(0));
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  private void onText(WebSocket socket, String address, String text) {
    if (socket != ws) {
      return;
    }
    SessionMessage message;
    try {
      message = Json.read(text, SessionMessage.class);
    } catch (RuntimeException e) {
      LOG.debug("manager {} sent an unreadable or unknown message, ignored: {}", address, e.getMessage());
      return;
    }
    if (message instanceof SessionMessage.Registered r) {
      registered = true;
      connectedTo = address;
      backoff.reset();
      LOG.info("session open with manager {} as node {}", address, r.nodeId());
      unsent.addAll(latest.keySet());
      flushReports();
      scheduleHeartbeat(r.period());
    } else if (message instanceof SessionMessage.Assign a) {
      Set<String> assigned = new LinkedHashSet<>();
      a.tasks().stream().map(Task::id).forEach(assigned::add);
      latest.keySet().retainAll(assigned);
      unsent.retainAll(assigned);
      try {
        listener.accept(a.assignments());
      } catch (RuntimeException e) {
        LOG.error("assignment listener failed", e);
      }
    } else if (message instanceof SessionMessage.Heartbeat h && h.period() != null) {
      scheduleHeartbeat(h.period());
    } else if (message instanceof SessionMessage.Logs l) {
      serveLogs(socket, l);
    } else if (message instanceof SessionMessage.LogCancel c) {
      stopServing(c.requestId());
    } else if (message instanceof SessionMessage.Failure f) {
      LOG.warn("manager {} refused the session: {}", address, f.message());
    }
  }

  /** Answers on the connection the request came on; a request dies with its connection. */
  private void serveLogs(WebSocket socket, SessionMessage.Logs request) {
    String id = request.requestId();
    if (logs == null) {
      send(new SessionMessage.LogEnd(id, "this node does not serve logs"));
      return;
    }
    stopServing(id);
    AutoCloseable handle = logs.serve(request.request(), new LogSource.LogSink() {
      @Override
      public void lines(List<LogLine> lines) {
        context.runOnContext(v -> {
          if (socket == ws) {
            send(new SessionMessage.LogLines(id, lines));
          }
        });
      }

      @Override
      public void end(String error) {
        context.runOnContext(v -> {
          serving.remove(id);
          if (socket == ws) {
            send(new SessionMessage.LogEnd(id, error));
          }
        });
      }
    });
    serving.put(id, handle);
  }

  private void stopServing(String requestId) {
    AutoCloseable handle = serving.remove(requestId);
    if (handle != null) {
      closeQuietly(handle);
    }
  }

  private void stopServingAll() {
    List<AutoCloseable> all = new ArrayList<>(serving.values());
    serving.clear();
    all.forEach(RemoteSession::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("stopping a log request failed: {}", e.toString());
    }
  }

  private void scheduleHeartbeat(long periodNanos) {
    long periodMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(periodNanos));
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
      watchdogTimer = -1;
    }
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    heartbeatTimer = vertx.setTimer(periodMs, id -> {
      heartbeatTimer = -1;
      send(new SessionMessage.Heartbeat(null));
      armWatchdog(2 * periodMs); // the answer names the next period; silence means the manager is gone
    });
  }

  private void armWatchdog(long ms) {
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
    }
    WebSocket socket = ws;
    watchdogTimer = vertx.setTimer(ms, id -> {
      watchdogTimer = -1;
      if (socket == ws) {
        lost(socket, "manager stopped answering");
        socket.close();
      }
    });
  }

  private void flushReports() {
    if (!registered || unsent.isEmpty() || ws == null) {
      return;
    }
    List<TaskStatusReport> batch = new ArrayList<>();
    unsent.forEach(id -> batch.add(latest.get(id)));
    unsent.clear();
    send(new SessionMessage.Status(batch)); // a report lost with its connection is sent again after the reconnect
  }

  private void send(SessionMessage message) {
    if (ws != null) {
      ws.writeTextMessage(Json.toString(message));
    }
  }

  /** The connection to the current manager is gone: try the next one after a backoff. */
  private void lost(WebSocket socket, String why) {
    if (socket != ws) {
      return;
    }
    LOG.info("session with manager {} lost: {}", connectedTo != null ? connectedTo : attaching, why);
    ws = null;
    registered = false;
    connectedTo = null;
    cancelTimers();
    stopServingAll();
    retry();
  }

  private void retry() {
    if (closed) {
      return;
    }
    next = (next + 1) % managers.size();
    long delay = backoff.nextDelayMs();
    vertx.setTimer(Math.max(1, delay), id -> connect());
  }

  private void cancelTimers() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
      watchdogTimer = -1;
    }
  }
}
