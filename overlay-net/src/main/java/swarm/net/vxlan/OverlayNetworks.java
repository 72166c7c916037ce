package swarm.net.vxlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.NetworkView;
import swarm.core.json.Json;
import swarm.core.object.NetworkAttachment;
import swarm.net.gateway.NetworkNamespace;

/**
 * The overlay data plane of this node: an {@link OverlayNetwork} for each overlay network that has a task here,
 * made when its first task {@link #attach attaches} and removed (VXLAN device, bridge, namespace) when its last
 * {@link #detach detaches}; each network's {@link ForwardingTable} kept equal to the endpoints on other nodes in
 * the managers' latest {@link NetworkView}s ({@link #update}, on every assignment push).
 *
 * <p>On disk under {@code dir}: {@code networks/<id>.json} and the namespace {@code netns/<id>} of each network,
 * {@code tasks/<task id>.json} of each attached task; a restarted daemon {@link #restore}s from them without
 * touching a device that still works, so running tasks keep their connections.
 *
 * <p>Thread-safe: every method holds the instance's lock (they run commands; none is on a hot path).
 */
public final class OverlayNetworks {
  private static final Logger LOG = LoggerFactory.getLogger(OverlayNetworks.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** A task's interface on one network: {@code eth1} with {@code 10.0.1.5/24}. */
  public record Interface(String networkId, String name, String address) {}

  /** A task plugged into its networks: its namespace and its interfaces, in the order of its attachments. */
  public record AttachedTask(String taskId, Path netns, List<Interface> interfaces) {
    public AttachedTask {
      interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }
  }

  /** A network as stored: enough to adopt it again. */
  record NetworkRecord(String id, int vni, Path netns) {}

  private final Path dir;
  private final String nodeId;
  private final NetworkNamespace underlayNetns;
  private final String fixedAddress;
  private final List<TaskNetworkListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, OverlayNetwork> networks = new TreeMap<>();
  private final Map<String, AttachedTask> tasks = new TreeMap<>();
  private Map<String, NetworkView> views = Map.of();

  /**
   * @param nodeId this node's id: endpoints of the views on other nodes are the forwarding table's peers
   * @param underlayNetns where the VXLAN devices' sockets live (the daemon's own namespace in production)
   * @param underlayAddress this node's underlay address; null to take it from the views (the {@code nodeAddr} of
   *     this node's own endpoints, which is the address the managers know the node by)
   */
  public OverlayNetworks(Path dir, String nodeId, NetworkNamespace underlayNetns, String underlayAddress) {
    this.dir = dir;
    this.nodeId = nodeId;
    this.underlayNetns = underlayNetns;
    this.fixedAddress = underlayAddress;
  }

  /** The data plane of this daemon's host, its address learnt from the views. */
  public static OverlayNetworks onThisHost(Path dir, String nodeId) {
    return new OverlayNetworks(dir, nodeId, NetworkNamespace.ofThisProcess(), null);
  }

  public void addListener(TaskNetworkListener l) {
    listeners.add(l);
  }

  /**
   * The managers' latest views: programs each local network's forwarding table with the endpoints on other
   * nodes (only the difference), and removes local networks no task uses. Level-triggered: safe to repeat.
   */
  public synchronized void update(List<NetworkView> latest) {
    Map<String, NetworkView> next = new LinkedHashMap<>();
    for (NetworkView v : latest) {
      if (v.id() != null && ID.matcher(v.id()).matches()) {
        next.put(v.id(), v);
      } else {
        LOG.warn("ignoring the view of a network with the invalid id '{}'", v.id());
      }
    }
    views = next;
    for (OverlayNetwork n : List.copyOf(networks.values())) {
      NetworkView v = views.get(n.id());
      if (v != null) {
        program(n, v);
      }
    }
    removeUnused();
    List<NetworkView> all = List.copyOf(views.values());
    listeners.forEach(l -> notify(() -> l.viewsChanged(all)));
  }

  /** The managers' latest views, as last {@link #update updated}. */
  public synchronized List<NetworkView> views() {
    return List.copyOf(views.values());
  }

  /**
   * Plugs the task's namespace into each of its networks ({@code eth1}, {@code eth2}, ... in the order of
   * {@code attachments}), making a network here first when it is the network's first task on this node. Returns
   * what the task was attached with when it is attached already.
   *
   * @throws IllegalStateException naming the network when this node has no view of it yet or the task has no
   *     address on it, or with the tool's words; nothing of the task is left plugged then
   */
  public synchronized AttachedTask attach(String taskId, NetworkNamespace taskNetns, List<NetworkAttachment> attachments) {
    AttachedTask known = tasks.get(taskId);
    if (known != null) {
      return known;
    }
    List<Interface> plugged = new ArrayList<>();
    try {
      for (NetworkAttachment a : attachments) {
        NetworkView v = views.get(a.networkId());
        if (v == null) {
          throw new IllegalStateException("network " + a.networkId() + " of task " + taskId
              + " is not known on this node yet (no view of it from the managers)");
        }
        if (a.addresses().isEmpty()) {
          throw new IllegalStateException("task " + taskId + " has no address on network " + v.name());
        }
        OverlayNetwork n = network(v);
        String name = "eth" + (plugged.size() + 1);
        TaskInterfaces.plug(n, taskId, taskNetns, name, a.addresses().get(0));
        plugged.add(new Interface(v.id(), name, a.addresses().get(0)));
      }
      AttachedTask t = new AttachedTask(taskId, taskNetns.file(), plugged);
      write(taskFile(taskId), t);
      tasks.put(taskId, t);
      List<NetworkView> mine = plugged.stream().map(i -> views.get(i.networkId())).toList();
      listeners.forEach(l -> notify(() -> l.attached(t, mine)));
      return t;
    } catch (RuntimeException e) {
      for (Interface i : plugged) {
        TaskInterfaces.unplug(networks.get(i.networkId()), taskId);
      }
      removeUnused();
      throw e;
    }
  }

  /** Unplugs the task from its networks and removes the networks it was the last task of; nothing when unknown. */
  public synchronized void detach(String taskId) {
    AttachedTask t = tasks.get(taskId);
    if (t == null) {
      return;
    }
    listeners.forEach(l -> notify(() -> l.detaching(t)));
    for (Interface i : t.interfaces()) {
      OverlayNetwork n = networks.get(i.networkId());
      if (n != null) {
        TaskInterfaces.unplug(n, taskId);
      }
    }
    tasks.remove(taskId);
    delete(taskFile(taskId));
    removeUnused();
  }

  /**
   * Adopts what a previous daemon left: networks whose namespace and VXLAN device still exist, with the
   * forwarding entries the kernel has, and the tasks attached to them whose namespace still exists. The rest
   * (after a reboot) is forgotten, and networks without tasks are removed.
   */
  public synchronized void restore() {
    for (NetworkRecord r : readAll(dir.resolve("networks"), NetworkRecord.class)) {
      Optional<OverlayNetwork> n = OverlayNetwork.adopt(r.id(), r.vni(), r.netns());
      if (n.isPresent()) {
        networks.put(r.id(), n.get());
      } else {
        LOG.info("forgetting overlay network {}: its namespace is gone", r.id());
        new NetworkNamespace(r.netns()).delete();
        delete(networkFile(r.id()));
      }
    }
    for (AttachedTask t : readAll(dir.resolve("tasks"), AttachedTask.class)) {
      boolean whole = new NetworkNamespace(t.netns()).exists()
          && t.interfaces().stream().allMatch(i -> networks.containsKey(i.networkId()));
      if (whole) {
        tasks.put(t.taskId(), t);
      } else {
        LOG.info("forgetting the overlay interfaces of task {}: its namespace or a network is gone", t.taskId());
        t.interfaces().stream().map(i -> networks.get(i.networkId())).filter(n -> n != null)
            .forEach(n -> TaskInterfaces.unplug(n, t.taskId()));
        delete(taskFile(t.taskId()));
      }
    }
    removeUnused();
  }

  /**
   * Makes the network of {@code view} present on this node and keeps it while no task uses it, until {@link
   * #unpin}: the routing mesh's ingress network, which every node serves. Kept on disk, so a restarted daemon
   * does not take the network down before the mesh pins it again.
   *
   * @throws IllegalStateException with the tool's words when the network cannot be made
   */
  public synchronized OverlayNetwork pin(NetworkView view) {
    OverlayNetwork n = network(view);
    Path marker = dir.resolve("pinned").resolve(view.id());
    if (!Files.exists(marker)) {
      try {
        Files.createDirectories(marker.getParent());
        Files.createFile(marker);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + marker, e);
      }
    }
    return n;
  }

  /** Ends a {@link #pin}: the network goes when no task uses it. */
  public synchronized void unpin(String networkId) {
    delete(dir.resolve("pinned").resolve(networkId));
    removeUnused();
  }

  private Set<String> pinned() {
    Path d = dir.resolve("pinned");
    if (!Files.isDirectory(d)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(d)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + d, e);
    }
  }

  /** The networks present on this node now. */
  public synchronized List<OverlayNetwork> networks() {
    return List.copyOf(networks.values());
  }

  /** The tasks attached now. */
  public synchronized List<AttachedTask> attached() {
    return List.copyOf(tasks.values());
  }

  /** The attached task, if it is. */
  public synchronized Optional<AttachedTask> attached(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  private OverlayNetwork network(NetworkView v) {
    OverlayNetwork n = networks.get(v.id());
    if (n != null) {
      return n;
    }
    Path netns = dir.resolve("netns").resolve(v.id());
    n = OverlayNetwork.create(v.id(), v.vni(), netns, new Underlay(underlayNetns, underlayAddress(v)));
    try {
      write(networkFile(v.id()), new NetworkRecord(v.id(), v.vni(), netns));
      program(n, v);
    } catch (RuntimeException e) {
      n.delete();
      delete(networkFile(v.id()));
      throw e;
    }
    networks.put(v.id(), n);
    LOG.info("{} ({}) is up on this node", n, v.name());
    return n;
  }

  private void program(OverlayNetwork n, NetworkView v) {
    Set<ForwardingTable.Peer> peers = new TreeSet<>();
    for (NetworkView.Endpoint e : v.endpoints()) {
      if (e.address() != null && e.nodeAddr() != null && !nodeId.equals(e.nodeId())) {
        String ip = e.address().split("/")[0];
        peers.add(new ForwardingTable.Peer(ip, NetworkView.macOf(ip), e.nodeAddr()));
      }
    }
    try {
      n.forwarding().apply(peers);
    } catch (RuntimeException e) {
      LOG.warn("cannot program the forwarding entries of {}: {}", n, e.getMessage());
    }
  }

  private String underlayAddress(NetworkView v) {
    if (fixedAddress != null) {
      return fixedAddress;
    }
    return Stream.concat(Stream.of(v), views.values().stream())
        .flatMap(view -> view.endpoints().stream())
        .filter(e -> nodeId.equals(e.nodeId()) && e.nodeAddr() != null)
        .map(NetworkView.Endpoint::nodeAddr).findFirst()
        .orElseThrow(() -> new IllegalStateException("this node's underlay address is unknown: no view names an "
            + "endpoint of node " + nodeId + " (network " + v.name() + ")"));
  }

  /** Removes every network no attached task uses. */
  private void removeUnused() {
    Set<String> used = new TreeSet<>(pinned());
    tasks.values().forEach(t -> t.interfaces().forEach(i -> used.add(i.networkId())));
    for (OverlayNetwork n : List.copyOf(networks.values())) {
      if (!used.contains(n.id())) {
        try {
          n.delete();
          delete(networkFile(n.id()));
          networks.remove(n.id());
          LOG.info("{} is removed from this node: no task uses it", n);
        } catch (RuntimeException e) {
          LOG.warn("cannot remove {}: {}", n, e.getMessage());
        }
      }
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("a task network listener failed", e);
    }
  }

  private Path networkFile(String id) {
    return dir.resolve("networks").resolve(id + ".json");
  }

  private Path taskFile(String taskId) {
    return dir.resolve("tasks").resolve(taskId + ".json");
  }

  private static void write(Path file, Object value) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(tmp, Json.toBytes(value));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", file, e.getMessage());
    }
  }

  private static <T> List<T> readAll(Path d, Class<T> type) {
    List<T> found = new ArrayList<>();
    if (!Files.isDirectory(d)) {
      return found;
    }
    try (Stream<Path> files = Files.list(d)) {
      files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
          .forEach(f -> {
            try {
              found.add(Json.read(Files.readAllBytes(f), type));
            } catch (IOException | RuntimeException e) {
              LOG.warn("ignoring unreadable overlay state {}: {}", f, e.getMessage());
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + d, e);
    }
    return found;
  }
}
