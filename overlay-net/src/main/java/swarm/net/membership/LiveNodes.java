package swarm.net.membership;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of live node ids and the callbacks that watch it.
 *
 * <p>Threading: all state changes and all callbacks run on one event thread of its own, so
 * callbacks see joins and leaves in order, never concurrently, and never block Hazelcast's threads.
 * {@link #ids()} is a lock-free read of the latest snapshot.
 *
 * <p>Level-triggered: a Hazelcast event only says "look again". The event thread reads the current
 * member list, maps it to node ids and fires the difference from the previous set. So several
 * members with the same node id (a restarted daemon whose old member is not yet gone) count as one
 * node, and the node "leaves" only when its last member does.
 */
final class LiveNodes implements InitialMembershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(LiveNodes.class);

  private final String self;
  private final ExecutorService events;
  // Event thread only:
  private final List<Consumer<String>> joined = new ArrayList<>();
  private final List<Consumer<String>> left = new ArrayList<>();
  private Supplier<Collection<Member>> members;
  private Set<String> others = Set.of();
  // Published from the event thread; read by anyone.
  private volatile Set<String> ids;

  LiveNodes(String self) {
    this.self = self;
    this.ids = Set.of(self);
    this.events = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "swarm-membership-events-" + self);
      t.setDaemon(true);
      return t;
    });
  }

  /** This node and every node with a live member; this node is always in it. */
  Set<String> ids() {
    return ids;
  }

  /** Starts watching a running member's list; called once, when the member is up. */
  void watch(Supplier<Collection<Member>> currentMembers) {
    submit(() -> {
      members = currentMembers;
      refresh(currentMembers.get());
    });
  }

  void onJoined(Consumer<String> callback) {
    // The view and the subscription in one step on the event thread: no join falls between them.
    submit(() -> {
      joined.add(callback);
      others.forEach(id -> call(callback, id, "joined"));
    });
  }

  void onLeft(Consumer<String> callback) {
    submit(() -> left.add(callback));
  }

  /** No more callbacks; the event thread ends. */
  void close() {
    events.shutdownNow();
    ids = Set.of(self);
  }

  @Override
  public void init(InitialMembershipEvent event) {
    submit(this::refresh);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    submit(this::refresh);
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    submit(this::refresh);
  }

  private void refresh() {
    if (members == null) {
      return; // watch() has not run yet; it refreshes itself.
    }
    Collection<Member> current;
    try {
      current = members.get();
    } catch (RuntimeException e) {
      return; // the member is shutting down; close() follows.
    }
    refresh(current);
  }

  private void refresh(Collection<Member> current) {
    Set<String> now = new HashSet<>();
    for (Member m : current) {
      String id = m.getAttribute(MemberSettings.NODE_ID_ATTRIBUTE);
      if (id != null && !id.equals(self)) {
        now.add(id);
      }
    }
    Set<String> before = others;
    others = Set.copyOf(now);
    Set<String> all = new HashSet<>(now);
    all.add(self);
    ids = Set.copyOf(all);
    for (String id : before) {
      if (!now.contains(id)) {
        LOG.info("membership: node {} left", id);
        left.forEach(c -> call(c, id, "left"));
      }
    }
    for (String id : now) {
      if (!before.contains(id)) {
        LOG.info("membership: node {} joined", id);
        joined.forEach(c -> call(c, id, "joined"));
      }
    }
  }

  private static void call(Consumer<String> callback, String id, String what) {
    try {
      callback.accept(id);
    } catch (RuntimeException e) {
      LOG.warn("membership: a node-{} callback failed for node {}", what, id, e);
    }
  }

  private void submit(Runnable task) {
    try {
      events.execute(task);
    } catch (RejectedExecutionException closed) {
      // Closed: nobody listens any more.
    }
  }
}
