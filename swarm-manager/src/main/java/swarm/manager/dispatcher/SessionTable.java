package swarm.manager.dispatcher;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This manager's knowledge of node liveness, in memory only: per node, its latest session here and when it last
 * heartbeated. A closed session's entry stays a while, so the leader can mark the node DOWN a grace period after its
 * last heartbeat. Thread-safe (one concurrent map; entries are immutable and replaced atomically).
 */
final class SessionTable {
  /**
   * @param session       the node's latest session on this manager
   * @param lastHeartbeat when it last heartbeated (or opened)
   * @param open          whether the session is still open
   */
  record Entry(NodeSession session, Instant lastHeartbeat, boolean open) {
    /** When the node was last known alive: now for an open in-process session, which heartbeats by existing. */
    Instant lastSeen(Instant now) {
      return open && session.heartbeatsImplicitly() ? now : lastHeartbeat;
    }
  }

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Records a new session of its node; returns the node's session it replaces, if that one is still open. */
  Optional<NodeSession> opened(NodeSession session, Instant now) {
    Entry previous = entries.put(session.nodeId(), new Entry(session, now, true));
    return previous != null && previous.open() && previous.session() != session
        ? Optional.of(previous.session()) : Optional.empty();
  }

  void heartbeat(NodeSession session, Instant now) {
    entries.computeIfPresent(session.nodeId(),
        (id, e) -> e.session() == session && e.open() ? new Entry(session, now, true) : e);
  }

  /**
   * Marks the session closed; false if it was no longer the node's current session here. An in-process session was
   * alive until now.
   */
  boolean closed(NodeSession session, Instant now) {
    boolean[] current = {false};
    entries.computeIfPresent(session.nodeId(), (id, e) -> {
      if (e.session() != session) {
        return e;
      }
      current[0] = e.open();
      return new Entry(session, e.open() && session.heartbeatsImplicitly() ? now : e.lastHeartbeat(), false);
    });
    return current[0];
  }

  Optional<Entry> get(String nodeId) {
    return Optional.ofNullable(entries.get(nodeId));
  }

  boolean isOpen(String nodeId) {
    Entry e = entries.get(nodeId);
    return e != null && e.open();
  }

  List<Entry> all() {
    return List.copyOf(entries.values());
  }

  /** Drops a closed entry (the node's DOWN decision no longer needs it). */
  void forgetClosed(Entry entry) {
    entries.remove(entry.session().nodeId(), entry);
  }
}
