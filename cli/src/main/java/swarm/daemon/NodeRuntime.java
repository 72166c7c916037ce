package swarm.daemon;

import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.spec.ServiceSpec;
import swarm.manager.Manager;
import swarm.manager.ManagerConfig;
import swarm.worker.Worker;
import swarm.worker.image.Image;

/**
 * One running node: its identity, its worker (always) and its manager (once in a swarm). The API
 * routes reach everything through here. Thread-safe: {@link #init} is serialised; the manager
 * reference is published once.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private final Path dataDir;
  private final NodeIdentity identity;
  private final Worker worker;
  private volatile Manager manager;
  private volatile String advertiseAddr;

  private NodeRuntime(Path dataDir, NodeIdentity identity, Worker worker) {
    this.dataDir = dataDir;
    this.identity = identity;
    this.worker = worker;
  }

  /** Starts the node from its data dir; a node that was in a swarm rejoins it from its Raft log. */
  public static NodeRuntime start(Path dataDir) {
    NodeIdentity identity = NodeIdentity.loadOrCreate(dataDir);
    Worker worker = new Worker(dataDir, identity.nodeId());
    NodeRuntime node = new NodeRuntime(dataDir, identity, worker);
    if (Manager.isInitialized(dataDir)) {
      node.manager = Manager.restart(node.config());
      node.advertiseAddr = node.manager.controlApi().node(identity.nodeId()).status().addr();
      worker.start(node.manager.dispatcher());
      LOG.info("rejoined the swarm from {}", dataDir.resolve("raft"));
    }
    return node;
  }

  /** {@code swarm init}: this node becomes the first manager of a new swarm (and stays a worker). */
  public synchronized String init(String advertise, String listen) {
    if (manager != null) {
      throw SwarmException.unavailable(
          "This node is already part of a swarm. Use \"swarm leave\" to leave this swarm and join another one.");
    }
    String addr = advertise == null || advertise.isBlank() ? "127.0.0.1" : advertise;
    if (!addr.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw SwarmException.invalid("invalid --advertise-addr '" + advertise + "': use an IP address of this host");
    }
    manager = Manager.init(config().withAdvertiseAddress(addr));
    advertiseAddr = addr;
    worker.start(manager.dispatcher());
    return identity.nodeId();
  }

  private ManagerConfig config() {
    return ManagerConfig.of(dataDir, identity.nodeId(), identity.hostname());
  }

  public Optional<Manager> manager() {
    return Optional.ofNullable(manager);
  }

  /** The manager, or Docker's 503 telling the user how to get one. */
  public Manager requireManager() {
    Manager m = manager;
    if (m == null) {
      throw SwarmException.unavailable("This node is not a swarm manager. Use \"swarm init\" to create a swarm "
          + "on this node and try again.");
    }
    return m;
  }

  /**
   * Resolves the spec's image on this node and pins it to its digest ({@code name:tag@sha256:...}),
   * so every task of the service runs exactly that image even if the tag moves later.
   */
  public ServiceSpec pinImage(ServiceSpec spec) {
    String ref = spec.taskTemplate().containerSpec().image();
    if (ref == null || ref.isBlank()) {
      return spec; // the control API reports the missing image with the other problems
    }
    Image image = worker.images().resolve(ref).orElseThrow(() -> SwarmException.invalid("image " + ref
        + " not found on this node: load it with 'swarm image load' or 'swarm image import' first"
        + " ('swarm image ls' lists the images)"));
    String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
    String pinned = name.startsWith("sha256:") || image.id().startsWith("sha256:" + name) ? image.id()
        : name + "@" + image.id();
    return spec.withTaskTemplate(spec.taskTemplate().withContainerSpec(
        spec.taskTemplate().containerSpec().withImage(pinned)));
  }

  /**
   * Refuses (409) to remove an image that a service still uses, or that a container on this node
   * still runs (a removed service's tasks take a moment to stop), naming who uses it.
   */
  public void ensureImageUnused(String ref) {
    Manager m = manager;
    Optional<Image> image = worker.images().resolve(ref);
    if (m == null || image.isEmpty()) {
      return;
    }
    String id = image.get().id();
    for (Service s : m.controlApi().services()) {
      if (usesImage(s.spec().taskTemplate().containerSpec().image(), id)) {
        throw SwarmException.conflict("image " + ref + " is in use by service " + s.spec().name()
            + ": remove the service first (swarm service rm " + s.spec().name() + ")");
      }
    }
    for (Task t : m.controlApi().tasks(null, identity.nodeId(), null)) {
      if (!t.state().isTerminal() && usesImage(t.spec().containerSpec().image(), id)) {
        throw SwarmException.conflict("image " + ref + " is in use by container " + t.id() + " of task " + t.name()
            + ", which is still stopping: try again in a moment");
      }
    }
  }

  private static boolean usesImage(String pinned, String imageId) {
    return pinned != null && pinned.endsWith(imageId);
  }

  public Path dataDir() {
    return dataDir;
  }

  public NodeIdentity identity() {
    return identity;
  }

  public Worker worker() {
    return worker;
  }

  public String advertiseAddr() {
    return advertiseAddr;
  }

  /** Stops serving; containers keep running and are adopted by the next daemon on this data dir. */
  @Override
  public void close() {
    worker.close();
    Manager m = manager;
    if (m != null) {
      m.close();
    }
  }
}
