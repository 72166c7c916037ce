package swarm.net.lb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.NetworkView;
import swarm.net.vxlan.OverlayNetwork;
import swarm.net.vxlan.OverlayNetworks;
import swarm.net.vxlan.TaskNetworkListener;

/**
 * A node's load balancing, kept in step with the managers' views: in each attached task's namespace the VIP table
 * ({@link VipBalancer}) and, for a task on the ingress network, the mesh's return path ({@link IngressReturnPath});
 * in the host namespace the routing mesh ({@link IngressMesh}) over a {@link MeshLink} into the ingress network,
 * which this node then keeps ({@link OverlayNetworks#pin}) whether or not a local task uses it. Views come with
 * every push, most of them changing nothing here: each table is applied again only when what it is made of
 * changed, so an unrelated task elsewhere costs no process per task. Called by {@link OverlayNetworks} under its lock.
 */
public final class ServiceLoadBalancing implements TaskNetworkListener {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLoadBalancing.class);

  private final OverlayNetworks overlays;
  private final String nodeId;
  private final VipBalancer vips;
  private final MeshLink link = new MeshLink(Netns.current(), MeshLink.DEFAULT_NAME);
  private final IngressMesh mesh = new IngressMesh(Netns.current(), MeshLink.DEFAULT_NAME, new SocketPortHolder());
  /** What each task's VIP table was last made of: its services' VIPs and backends. */
  private final Map<String, List<String>> vipsApplied = new HashMap<>();
  /** Each task's mesh return path; it applies again only what changed. */
  private final Map<String, IngressReturnPath> returnPaths = new HashMap<>();
  /** The service of each task, learnt from the ingress view (the task's address among a service's backends). */
  private final Map<String, String> serviceOf = new HashMap<>();
  private String meshNetwork;
  /** The mesh address the node's {@link MeshLink} was plugged in with; null while it is not. */
  private String meshAddress;

  public ServiceLoadBalancing(OverlayNetworks overlays, String nodeId, VipBalancer vips) {
    this.overlays = overlays;
    this.nodeId = nodeId;
    this.vips = vips;
  }

  @Override
  public void attached(OverlayNetworks.AttachedTask task, List<NetworkView> views) {
    apply(task, overlays.views());
  }

  @Override
  public void detaching(OverlayNetworks.AttachedTask task) {
    vipsApplied.remove(task.taskId());
    returnPaths.remove(task.taskId());
    serviceOf.remove(task.taskId());
    // The namespace goes with the task; its tables and routes go with it.
  }

  @Override
  public void viewsChanged(List<NetworkView> views) {
    applyMesh(views.stream().filter(NetworkView::ingress).findFirst());
    for (OverlayNetworks.AttachedTask t : overlays.attached()) {
      apply(t, views);
    }
  }

  /** Takes the mesh down (the node leaves the swarm); the ingress network goes when no task uses it. */
  public void close() {
    mesh.remove();
    link.detach();
    meshAddress = null;
    if (meshNetwork != null) {
      overlays.unpin(meshNetwork);
      meshNetwork = null;
    }
  }

  private void apply(OverlayNetworks.AttachedTask task, List<NetworkView> all) {
    List<NetworkView> mine = all.stream()
        .filter(v -> task.interfaces().stream().anyMatch(i -> i.networkId().equals(v.id()))).toList();
    Optional<OverlayNetworks.Interface> ingressIf = task.interfaces().stream()
        .filter(i -> mine.stream().anyMatch(v -> v.ingress() && v.id().equals(i.networkId()))).findFirst();
    NetworkView ingress = mine.stream().filter(NetworkView::ingress).findFirst().orElse(null);
    if (ingress != null && ingressIf.isPresent()) {
      String address = ingressIf.get().address().split("/")[0];
      ingress.services().stream().filter(s -> s.taskAddresses().contains(address)).findFirst()
          .ifPresent(s -> serviceOf.put(task.taskId(), s.id()));
    }
    Netns ns = Netns.at(task.netns());
    try {
      List<String> vipInputs = vipInputs(mine);
      if (!vipInputs.equals(vipsApplied.get(task.taskId()))) {
        vips.apply(ns, mine);
        vipsApplied.put(task.taskId(), vipInputs);
      }
      if (ingress != null && ingressIf.isPresent()) {
        returnPaths.computeIfAbsent(task.taskId(), id -> new IngressReturnPath(ns, ingressIf.get().name()))
            .apply(ingress, serviceOf.get(task.taskId()), nodeId);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot program the load balancing of task {}: {}", task.taskId(), e.getMessage());
    }
  }

  /** The parts of the views a VIP table is made of: each service's VIP and backends. */
  private static List<String> vipInputs(List<NetworkView> views) {
    return views.stream().flatMap(v -> v.services().stream())
        .map(s -> s.id() + " " + s.vip() + " " + s.mode() + " " + s.taskAddresses()).sorted().toList();
  }

  private void applyMesh(Optional<NetworkView> ingress) {
    if (ingress.isEmpty()) {
      if (meshNetwork != null) {
        close();
      }
      return;
    }
    NetworkView v = ingress.get();
    Optional<NetworkView.Endpoint> mine = v.endpoints().stream()
        .filter(e -> e.taskId() == null && nodeId.equals(e.nodeId())).findFirst();
    if (mine.isEmpty()) {
      return; // the managers have not given this node its mesh address yet
    }
    try {
      OverlayNetwork n = overlays.pin(v);
      meshNetwork = v.id();
      if (!mine.get().address().equals(meshAddress)) {
        link.attach(Netns.at(n.netns().file()), OverlayNetwork.BRIDGE,
            mine.get().address() + "/" + v.subnet().split("/")[1]);
        meshAddress = mine.get().address();
      }
      mesh.apply(v);
    } catch (RuntimeException e) {
      LOG.warn("cannot program the routing mesh: {}", e.getMessage());
    }
  }
}
