package swarm.manager.dispatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import swarm.core.dispatch.NetworkView;
import swarm.core.object.ContainerStatus;
import swarm.core.object.HealthStatus;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.PortConfig;

/**
 * The {@link NetworkView}s of one cluster state: for each network, every endpoint on it (each address of a task that
 * is assigned and has not ended, with its node's underlay address; on ingress also each node's mesh address, task id
 * null) and every service on it (its VIP, endpoint mode, aliases, the addresses of its tasks that may take traffic now,
 * and on ingress its published ports). Addresses are plain ({@code 10.0.1.5}); the view's subnet gives the prefix.
 * {@link #forNode} picks what one node gets: the networks its live tasks are on, and ingress always.
 *
 * <p>Immutable once built; every list is in a stable order, so equal states give equal views and a session pushes only
 * when its node's views change.
 */
final class NetworkViews {
  private final Map<String, NetworkView> byNetwork;
  private final String ingressId;

  private NetworkViews(Map<String, NetworkView> byNetwork, String ingressId) {
    this.byNetwork = byNetwork;
    this.ingressId = ingressId;
  }

  /** The views of every network of {@code state}. */
  static NetworkViews of(swarm.manager.state.ClusterState state) {
    Map<String, List<NetworkView.Endpoint>> endpoints = new HashMap<>();
    Map<String, List<String>> ready = new HashMap<>(); // service id + network id → addresses
    List<Task> tasks = new ArrayList<>(state.tasks().values());
    tasks.sort(Comparator.comparing(Task::id));
    for (Task t : tasks) {
      if (t.networks().isEmpty() || t.nodeId() == null || !t.state().isAtLeast(TaskState.ASSIGNED)
          || t.state().isTerminal()) {
        continue;
      }
      String nodeAddr = addrOf(state.nodes().get(t.nodeId()));
      boolean takesTraffic = takesTraffic(t);
      for (NetworkAttachment a : t.networks()) {
        String address = a.address();
        if (address == null) {
          continue;
        }
        endpoints.computeIfAbsent(a.networkId(), k -> new ArrayList<>())
            .add(new NetworkView.Endpoint(t.id(), t.nodeId(), address, nodeAddr));
        if (takesTraffic) {
          ready.computeIfAbsent(t.serviceId() + "/" + a.networkId(), k -> new ArrayList<>()).add(address);
        }
      }
    }
    Map<String, NetworkView> views = new TreeMap<>();
    String ingressId = null;
    List<Service> services = state.services().values().stream().sorted(Comparator.comparing(Service::id)).toList();
    for (Network n : state.networks().values()) {
      List<NetworkView.Endpoint> eps = new ArrayList<>(endpoints.getOrDefault(n.id(), List.of()));
      if (n.isIngress()) {
        ingressId = n.id();
        n.meshAddresses().forEach((node, cidr) ->
            eps.add(new NetworkView.Endpoint(null, node, cidr.split("/")[0], addrOf(state.nodes().get(node)))));
      }
      List<NetworkView.ServiceEntry> entries = new ArrayList<>();
      for (Service s : services) {
        NetworkView.ServiceEntry e = entry(s, n, ready.getOrDefault(s.id() + "/" + n.id(), List.of()));
        if (e != null) {
          entries.add(e);
        }
      }
      views.put(n.id(), new NetworkView(n.id(), n.name(), n.vni(), n.subnet(), n.isIngress(), eps, entries));
    }
    return new NetworkViews(views, ingressId);
  }

  /** The views node {@code nodeId} gets, given its assigned tasks: their networks, and ingress always. */
  List<NetworkView> forNode(List<Task> assigned) {
    Set<String> ids = new LinkedHashSet<>();
    for (Task t : assigned) {
      if (!t.state().isTerminal()) {
        t.networks().forEach(a -> ids.add(a.networkId()));
      }
    }
    if (ingressId != null) {
      ids.add(ingressId);
    }
    List<NetworkView> out = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(ids)) {
      NetworkView v = byNetwork.get(id);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** The service's entry on network {@code n}, or null when it is not on it. */
  private static NetworkView.ServiceEntry entry(Service s, Network n, List<String> addresses) {
    NetworkAttachmentConfig config = null;
    for (NetworkAttachmentConfig c : s.spec().taskTemplate().networks()) {
      if (n.id().equals(c.target())) {
        config = c;
      }
    }
    EndpointSpec endpoint = s.spec().endpointSpec();
    List<PortConfig> ingressPorts = n.isIngress() ? endpoint.ingressPorts() : List.of();
    if (config == null && ingressPorts.isEmpty()) {
      return null;
    }
    String vip = null;
    for (Service.VirtualIP v : s.virtualIps()) {
      if (n.id().equals(v.networkId())) {
        vip = v.address();
      }
    }
    List<String> sorted = new ArrayList<>(addresses);
    sorted.sort(Comparator.naturalOrder());
    return new NetworkView.ServiceEntry(s.id(), s.spec().name(), endpoint.mode(), vip,
        config == null ? List.of() : config.aliases(), sorted, ingressPorts);
  }

  /**
   * Running, not told to stop (it leaves the maps before its container is stopped: the worker waits for that), and
   * healthy when the task has a health check (it then reports its health).
   */
  private static boolean takesTraffic(Task t) {
    if (t.state() != TaskState.RUNNING || t.desiredState() != TaskState.RUNNING) {
      return false;
    }
    ContainerStatus c = t.status().containerStatus();
    return c == null || c.health() == null || c.health().status() == HealthStatus.HEALTHY;
  }

  private static String addrOf(Node node) {
    return node == null || node.status() == null ? null : node.status().addr();
  }
}
