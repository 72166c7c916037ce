package swarm.manager.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.manager.state.Change;
import swarm.manager.state.ClusterState;
import swarm.manager.state.Store;
import swarm.manager.state.StoreListener;
import swarm.manager.state.Watch;

/**
 * The recent events of this manager: a store subscriber that turns each committed change of a service, node or
 * task into an {@link Event}, keeps the last {@code capacity} of them in memory (so {@code since} can replay them)
 * and hands each new one to the current subscribers. Events are seen as this manager applies the log, so every
 * manager has its own log, stamped with its own clock; a manager that restarts starts with an empty one.
 *
 * <p>Thread-safe: the store calls {@link #onApplied} on its apply thread; the ring and the subscriber list are
 * guarded by one lock, so {@link #subscribe} returns the retained events and every later one, nothing in between
 * and nothing twice. Subscribers run under that lock on the apply thread: they must hand the event off and return.
 */
public final class EventLog implements StoreListener, AutoCloseable {
  /** How many events a manager keeps for {@code since}. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final Clock clock;
  private final int capacity;
  private final Deque<Event> ring = new ArrayDeque<>();
  private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
  private Watch watch;

  public EventLog(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("event log capacity must be at least 1, got " + capacity);
    }
    this.clock = Objects.requireNonNull(clock);
    this.capacity = capacity;
  }

  /** An event log watching {@code store} from now on. */
  public static EventLog start(Store store, Clock clock, int capacity) {
    EventLog log = new EventLog(clock, capacity);
    Watch w = store.viewAndWatch(log);
    synchronized (log) {
      log.watch = w;
    }
    return log;
  }

  /** What a subscriber gets: the retained events at or after {@code since}, and a handle to stop the live ones. */
  public record Subscription(List<Event> replay, AutoCloseable handle) implements AutoCloseable {
    @Override
    public void close() {
      try {
        handle.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The retained events at or after {@code since} (none when null), and from now on every new event to
   * {@code live}, which must not block. Close the subscription to stop.
   */
  public synchronized Subscription subscribe(Instant since, Consumer<Event> live) {
    List<Event> replay = since == null ? List.of() : eventsSince(since);
    subscribers.add(live);
    return new Subscription(replay, () -> subscribers.remove(live));
  }

  /** The retained events at or after {@code since}, oldest first. */
  public synchronized List<Event> eventsSince(Instant since) {
    List<Event> out = new ArrayList<>();
    for (Event e : ring) {
      if (!e.time().isBefore(since)) {
        out.add(e);
      }
    }
    return out;
  }

  @Override
  public synchronized void onApplied(ClusterState state, List<Change> changes) {
    // An empty list means a snapshot replaced the state: no object-level events to report for that.
    Instant now = clock.instant();
    for (Change c : changes) {
      Event e = toEvent(c, now);
      if (e == null) {
        continue;
      }
      if (ring.size() == capacity) {
        ring.removeFirst();
      }
      ring.addLast(e);
      for (Consumer<Event> s : subscribers) {
        s.accept(e);
      }
    }
  }

  /** The event for one change; null for changes that are not reported (the cluster object, no visible change). */
  static Event toEvent(Change c, Instant at) {
    Event.Action action = switch (c.action()) {
      case CREATED -> Event.Action.CREATE;
      case UPDATED -> Event.Action.UPDATE;
      case REMOVED -> Event.Action.REMOVE;
    };
    Object current = c.after() != null ? c.after() : c.before();
    return switch (c.kind()) {
      case SERVICE -> new Event(Event.Type.SERVICE, action, c.id(), serviceAttributes((Service) current), at);
      case NODE -> {
        Map<String, String> attrs = nodeAttributes((Node) current);
        Map<String, String> before = nodeAttributes((Node) c.before());
        // Heartbeat-like rewrites that change nothing a user sees are not events.
        if (action == Event.Action.UPDATE && attrs.equals(before)
            && Objects.equals(((Node) c.before()).spec(), ((Node) c.after()).spec())) {
          yield null;
        }
        if (action == Event.Action.UPDATE) {
          // As Docker's node update events: KEY.old and KEY.new for what changed.
          for (String key : List.of("state", "availability", "role")) {
            if (!Objects.equals(before.get(key), attrs.get(key))) {
              put(attrs, key + ".old", before.get(key));
              put(attrs, key + ".new", attrs.get(key));
            }
          }
        }
        yield new Event(Event.Type.NODE, action, c.id(), attrs, at);
      }
      case TASK -> {
        Map<String, String> attrs = taskAttributes((Task) current);
        if (action == Event.Action.UPDATE && attrs.equals(taskAttributes((Task) c.before()))) {
          yield null;
        }
        yield new Event(Event.Type.TASK, action, c.id(), attrs, at);
      }
      // Networks: created and removed, as Docker reports them; allocations (mesh addresses) are not events.
      case NETWORK -> action == Event.Action.UPDATE ? null : new Event(Event.Type.NETWORK, action, c.id(),
          networkAttributes((swarm.core.object.Network) current), at);
      case CLUSTER -> null;
    };
  }

  private static Map<String, String> networkAttributes(swarm.core.object.Network n) {
    Map<String, String> a = new HashMap<>();
    put(a, "name", n.name());
    put(a, "type", n.spec().driver());
    return a;
  }

  private static Map<String, String> serviceAttributes(Service s) {
    Map<String, String> a = new HashMap<>();
    if (s != null && s.spec() != null) {
      put(a, "name", s.spec().name());
    }
    return a;
  }

  private static Map<String, String> nodeAttributes(Node n) {
    Map<String, String> a = new HashMap<>();
    if (n == null) {
      return a;
    }
    if (n.description() != null) {
      put(a, "name", n.description().hostname());
    }
    if (n.status() != null && n.status().state() != null) {
      put(a, "state", n.status().state().wire());
    }
    if (n.spec() != null) {
      put(a, "availability", n.spec().availability() == null ? null : n.spec().availability().wire());
      put(a, "role", n.spec().role() == null ? null : n.spec().role().wire());
    }
    return a;
  }

  private static Map<String, String> taskAttributes(Task t) {
    Map<String, String> a = new HashMap<>();
    if (t == null) {
      return a;
    }
    put(a, "name", t.name());
    put(a, "service", t.serviceName());
    put(a, "node", t.nodeId());
    put(a, "state", t.state().wire());
    put(a, "desiredState", t.desiredState().wire());
    if (t.status().containerStatus() != null && t.status().containerStatus().health() != null) {
      put(a, "health", t.status().containerStatus().health().status().wire());
    }
    return a;
  }

  private static void put(Map<String, String> a, String key, String value) {
    if (value != null && !value.isEmpty()) {
      a.put(key, value);
    }
  }

  /** Stops watching the store; subscribers get nothing more. Idempotent. */
  @Override
  public void close() {
    Watch w;
    synchronized (this) {
      w = watch;
      watch = null;
      subscribers.clear();
    }
    if (w != null) {
      w.close();
    }
  }
}
