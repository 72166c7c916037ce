package swarm.net.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.object.NetworkAttachment;
import swarm.core.spec.PortConfig;
import swarm.net.gateway.GatewayNetwork;
import swarm.net.gateway.NetworkNamespace;
import swarm.net.vxlan.OverlayNetworks;

/**
 * Each task's own network namespace on this node and what joins it: {@code eth0} on the {@link GatewayNetwork} (its
 * default route: host-mode ports arrive there and traffic to anywhere but its networks leaves there, masqueraded, as
 * Docker's {@code docker_gwbridge} does), {@code eth1}, {@code eth2}, ... on its {@link OverlayNetworks overlay
 * networks}. A task with neither ports nor networks has no namespace of its own here (its container gets a new, loopback-only one
 * from the runtime). Namespaces live under {@code <dir>/netns/<task id>}, the gateway's state under {@code <dir>},
 * the overlays' under {@code <dir>/overlay}. Thread-safe: the parts it drives are.
 */
public final class TaskNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(TaskNetworks.class);

  /**
   * A task's namespace, ready for its container: {@code address} is the one its hostname resolves to in
   * {@code /etc/hosts} (the first overlay address, else the gateway's); {@code overlay} says it is on an overlay
   * network, so its resolver is the node's embedded DNS server.
   */
  public record Prepared(Path netns, String address, boolean overlay) {}

  private final Path dir;
  private final GatewayNetwork gateway;
  private final OverlayNetworks overlays;

  public TaskNetworks(Path dir, GatewayNetwork gateway, OverlayNetworks overlays) {
    this.dir = dir;
    this.gateway = gateway;
    this.overlays = overlays;
  }

  /** This host's task networks under {@code dir} for node {@code nodeId}. */
  public static TaskNetworks under(Path dir, String nodeId) {
    return new TaskNetworks(dir, GatewayNetwork.under(dir), OverlayNetworks.onThisHost(dir.resolve("overlay"), nodeId));
  }

  /** The overlay data plane, to give it the managers' views and listeners. */
  public OverlayNetworks overlays() {
    return overlays;
  }

  /** Adopts what a previous daemon attached (see {@link GatewayNetwork#restore}, {@link OverlayNetworks#restore}). */
  public void restore() {
    gateway.restore();
    overlays.restore();
  }

  /**
   * Makes the task's namespace and plugs it in; empty when the task needs none. What a failure leaves is removed.
   *
   * @throws IllegalStateException naming what is missing or what the tools said
   */
  public Optional<Prepared> prepare(String taskId, List<PortConfig> hostPorts, List<NetworkAttachment> networks) {
    if (hostPorts.isEmpty() && networks.isEmpty()) {
      return Optional.empty();
    }
    NetworkNamespace ns = new NetworkNamespace(netnsFile(taskId));
    if (!ns.exists()) {
      ns = NetworkNamespace.create(netnsFile(taskId));
    }
    try {
      String address = null;
      // Host-mode ports arrive, and every task on a network leaves for the world, through the gateway bridge.
      address = gateway.attach(taskId, ns).address();
      if (!networks.isEmpty()) {
        OverlayNetworks.AttachedTask t = overlays.attach(taskId, ns, networks);
        address = t.interfaces().get(0).address().split("/")[0];
      }
      return Optional.of(new Prepared(ns.file(), address, !networks.isEmpty()));
    } catch (RuntimeException e) {
      try {
        release(taskId);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Forwards the task's host-mode ports to it (see {@link GatewayNetwork#publish}); nothing when it has none. */
  public void publish(String taskId, List<PortConfig> hostPorts) {
    if (!hostPorts.isEmpty() && gateway.isAttached(taskId)) {
      gateway.publish(taskId, hostPorts);
    }
  }

  /** Unplugs the task from everything and ends its namespace; nothing when it has none. */
  public void release(String taskId) {
    overlays.detach(taskId);
    gateway.detach(taskId);
    Path file = netnsFile(taskId);
    if (Files.exists(file)) {
      try {
        new NetworkNamespace(file).delete();
      } catch (RuntimeException e) {
        LOG.warn("cannot remove the network namespace of task {}: {}", taskId, e.getMessage());
      }
    }
  }

  private Path netnsFile(String taskId) {
    return dir.resolve("netns").resolve(taskId);
  }
}
