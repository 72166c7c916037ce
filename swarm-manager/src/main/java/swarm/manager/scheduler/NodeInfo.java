package swarm.manager.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.spec.PortConfig;
import swarm.core.spec.Resources;

/**
 * A node as the scheduler sees it during one pass: the node, the resources not yet reserved, how many active tasks
 * it runs (in all, and per service) and the host-mode ports they publish. {@link #addTask} counts one more
 * placement in place, so a pass updates a node in O(1) instead of copying it.
 *
 * <p>Not thread-safe: one belongs to one scheduler pass (one thread) and is dropped with it.
 */
public final class NodeInfo {
  private final Node node;
  private Resources available;
  private final Map<String, Integer> tasksByService = new HashMap<>();
  private final Set<HostPort> hostPorts = new HashSet<>();
  private int taskCount;

  private NodeInfo(Node node, Resources available) {
    this.node = node;
    this.available = available;
  }

  /** The node with nothing placed on it yet: all its resources available. */
  public static NodeInfo of(Node node) {
    Resources total = node.description() == null || node.description().resources() == null
        ? Resources.NONE : node.description().resources();
    return new NodeInfo(node, total);
  }

  /** Counts one more active task on this node: its reservations, its service, its host-mode ports. */
  public NodeInfo addTask(Task t) {
    Resources r = t.spec() == null ? Resources.NONE : t.spec().resources().reservations();
    if (r.nanoCpus() != 0 || r.memoryBytes() != 0) {
      available = new Resources(available.nanoCpus() - r.nanoCpus(), available.memoryBytes() - r.memoryBytes(),
          available.pids());
    }
    tasksByService.merge(t.serviceId() == null ? "" : t.serviceId(), 1, Integer::sum);
    for (PortConfig p : t.endpoint().ports()) {
      if (p != null && p.isHostMode() && p.publishedPort() > 0) {
        hostPorts.add(new HostPort(p.publishedPort(), p.protocol()));
      }
    }
    taskCount++;
    return this;
  }

  public Node node() {
    return node;
  }

  public String id() {
    return node.id();
  }

  /** What is left after the reservations of the tasks counted on this node (may be negative when overcommitted). */
  public Resources available() {
    return available;
  }

  public int taskCount() {
    return taskCount;
  }

  public int tasksOf(String serviceId) {
    return tasksByService.getOrDefault(serviceId, 0);
  }

  /** An active task on this node publishes {@code port} in host mode (on the node's own address). */
  public boolean usesHostPort(PortConfig port) {
    return hostPorts.contains(new HostPort(port.publishedPort(), port.protocol()));
  }

  /** The node's value for a constraint or spread key; see {@link Node#attribute}. */
  public String attribute(String key) {
    return node.attribute(key);
  }

  @Override
  public String toString() {
    return "NodeInfo[" + node.id() + ", " + taskCount + " tasks, available " + available + "]";
  }

  /** A published port on the node's own address: the number and the protocol (8080/tcp and 8080/udp differ). */
  private record HostPort(int port, PortConfig.Protocol protocol) {}
}
