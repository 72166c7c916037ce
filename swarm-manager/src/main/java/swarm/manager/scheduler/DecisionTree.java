package swarm.manager.scheduler;

import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The nodes that can take the tasks of one group, arranged for choosing (swarmkit's {@code decisionTree}): one level
 * per spread preference, in flag order, whose branches are the label's values (nodes lacking the label form their
 * own branch, after the others); each branch kept ordered by the tasks of the service on its nodes, and each leaf's
 * nodes by (tasks of the service, tasks in all, node id). {@link #best} walks down the first branch of every level:
 * O(levels + log nodes), where scanning every node per task was O(nodes).
 *
 * <p>The ordering keys are copies of the nodes' counts taken when the node was added or last {@link #refresh
 * refreshed}: after a placement changes a node, the pass must refresh it (or remove it, if it can no longer take
 * the group's tasks) before asking for the next best node. Only nodes in the tree count toward their branch, as in
 * swarmkit: branch sums are over the nodes that can take the task.
 *
 * <p>Not thread-safe: confined to one scheduler pass.
 */
final class DecisionTree {
  private static final Comparator<String> LABELS = Comparator.nullsLast(Comparator.naturalOrder());
  private static final Comparator<Branch> BRANCHES = Comparator.<Branch>comparingInt(b -> b.serviceTasks)
      .thenComparing(b -> b.label, LABELS);
  private static final Comparator<Entry> NODES = Comparator.<Entry>comparingInt(e -> e.serviceTasks)
      .thenComparingInt(e -> e.taskCount).thenComparing(e -> e.node.id());

  private final String serviceId;
  private final List<String> spread;
  private final Branch root;
  private final Map<NodeInfo, Entry> entries = new IdentityHashMap<>();

  /** An empty tree for the tasks of {@code serviceId}, spread over the values of {@code spread}'s keys in order. */
  DecisionTree(String serviceId, List<String> spread) {
    this.serviceId = serviceId;
    this.spread = List.copyOf(spread);
    this.root = new Branch(null, null, spread.isEmpty());
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  boolean contains(NodeInfo node) {
    return entries.containsKey(node);
  }

  /** Adds a node that can take the group's tasks, with its current counts. */
  void add(NodeInfo node) {
    if (entries.containsKey(node)) {
      refresh(node);
      return;
    }
    Branch b = root;
    for (int level = 0; level < spread.size(); level++) {
      b = b.child(node.attribute(spread.get(level)), level + 1 == spread.size());
    }
    Entry e = new Entry(node, b);
    entries.put(node, e);
    e.serviceTasks = node.tasksOf(serviceId);
    e.taskCount = node.taskCount();
    b.nodes.add(e);
    adjust(b, e.serviceTasks);
  }

  /** Takes a node's changed counts into account (it is still eligible). */
  void refresh(NodeInfo node) {
    Entry e = entries.get(node);
    if (e == null) {
      return;
    }
    Branch leaf = e.leaf;
    leaf.nodes.remove(e);
    int delta = node.tasksOf(serviceId) - e.serviceTasks;
    e.serviceTasks += delta;
    e.taskCount = node.taskCount();
    leaf.nodes.add(e);
    if (delta != 0) {
      adjust(leaf, delta);
    }
  }

  /** Drops a node that can no longer take the group's tasks; branches left without nodes go too. */
  void remove(NodeInfo node) {
    Entry e = entries.remove(node);
    if (e == null) {
      return;
    }
    Branch leaf = e.leaf;
    leaf.nodes.remove(e);
    adjust(leaf, -e.serviceTasks);
    for (Branch b = leaf; b.parent != null && b.isEmpty(); b = b.parent) {
      b.parent.children.remove(b);
      b.parent.byLabel.remove(b.label);
    }
  }

  /**
   * Where the next task goes: down the branch with the fewest tasks of the service at every level (the lowest label
   * value on a tie), then the node with the fewest tasks of the service, then the fewest in all, then the lowest
   * id. Null when no node can take the task.
   */
  NodeInfo best() {
    if (entries.isEmpty()) {
      return null;
    }
    Branch b = root;
    while (!b.isLeaf) {
      b = b.children.first();
    }
    return b.nodes.first().node;
  }

  /** Moves {@code delta} into the sums of {@code leaf} and its ancestors, re-sorting each among its siblings. */
  private static void adjust(Branch leaf, int delta) {
    if (delta == 0) {
      return;
    }
    for (Branch b = leaf; b != null; b = b.parent) {
      // Out of the parent's ordered set while its key changes; the parent's own key changes on the next step up.
      if (b.parent != null) {
        b.parent.children.remove(b);
      }
      b.serviceTasks += delta;
      if (b.parent != null) {
        b.parent.children.add(b);
      }
    }
  }

  /** One value of a spread label at one level; a leaf holds nodes, any other branch holds branches. */
  private static final class Branch {
    final Branch parent;
    final String label;
    final boolean isLeaf;
    int serviceTasks;
    final TreeSet<Branch> children = new TreeSet<>(BRANCHES);
    final Map<String, Branch> byLabel = new HashMap<>();
    final TreeSet<Entry> nodes = new TreeSet<>(NODES);

    Branch(Branch parent, String label, boolean isLeaf) {
      this.parent = parent;
      this.label = label;
      this.isLeaf = isLeaf;
    }

    boolean isEmpty() {
      return isLeaf ? nodes.isEmpty() : children.isEmpty();
    }

    Branch child(String value, boolean leaf) {
      Branch c = byLabel.get(value);
      if (c == null) {
        c = new Branch(this, value, leaf);
        byLabel.put(value, c);
        children.add(c);
      }
      return c;
    }
  }

  /** A node in its leaf, with the counts it is ordered by (copies: a TreeSet key must not change in place). */
  private static final class Entry {
    final NodeInfo node;
    final Branch leaf;
    int serviceTasks;
    int taskCount;

    Entry(NodeInfo node, Branch leaf) {
      this.node = node;
      this.leaf = leaf;
    }
  }
}
