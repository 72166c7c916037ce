package swarm.daemon;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.identity.Identity;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.spec.ServiceSpec;
import swarm.daemon.cluster.ClusterAddress;
import swarm.daemon.cluster.ClusterListener;
import swarm.daemon.cluster.JoinClient;
import swarm.daemon.cluster.NodeMembership;
import swarm.daemon.cluster.SwarmMembership;
import swarm.manager.Manager;
import swarm.manager.ManagerConfig;
import swarm.manager.ca.CertificateAuthority;
import swarm.manager.ca.CertsDir;
import swarm.manager.ca.JoinToken;
import swarm.manager.ca.JoinTokens;
import swarm.manager.ca.NodeCertExpiry;
import swarm.manager.ca.NodeKeyPair;
import swarm.manager.ca.RootCa;
import swarm.manager.ca.TlsMaterial;
import swarm.worker.Worker;
import swarm.worker.image.Image;
import swarm.worker.session.ManagerTls;
import swarm.worker.session.RemoteDispatcherClient;

/**
 * One running node: its identity, its worker (always) and its manager (once it is a manager of a
 * swarm). The API routes reach everything through here. Thread-safety: {@link #init} and
 * {@link #join} are serialised; the manager reference is published once.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  private final Vertx vertx;
  private final Path dataDir;
  private final NodeIdentity identity;
  private final Worker worker;
  private final Clock clock = Clock.systemUTC();
  private volatile Manager manager;
  private volatile SwarmMembership membership;
  private volatile ClusterListener listener;
  private volatile RemoteDispatcherClient remoteDispatcher;
  private volatile Router apiRouter;
  private volatile NodeMembership gossip;

  private NodeRuntime(Vertx vertx, Path dataDir, NodeIdentity identity, Worker worker) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.identity = identity;
    this.worker = worker;
  }

  /**
   * Starts the node from its data dir; a node that was in a swarm takes its place in it again.
   * {@code api} builds the HTTP API for the node (a manager's cluster port serves it too).
   */
  public static NodeRuntime start(Vertx vertx, Path dataDir, String hostname, Function<NodeRuntime, Router> api) {
    NodeIdentity identity = NodeIdentity.loadOrCreate(dataDir, hostname);
    NodeRuntime node = new NodeRuntime(vertx, dataDir, identity, new Worker(dataDir, identity.nodeId()));
    node.apiRouter = api.apply(node);
    Optional<SwarmMembership> saved = SwarmMembership.load(dataDir);
    if (saved.isPresent()) {
      node.resume(saved.get());
    } else if (Manager.isInitialized(dataDir)) {
      throw SwarmException.unavailable(dataDir.resolve("raft") + " exists but " + dataDir.resolve("swarm.json")
          + " does not: this data dir is from an incompatible version");
    }
    return node;
  }

  /** The node's HTTP API routes (served on the unix socket, and on a manager's cluster port). */
  public Router apiRouter() {
    return apiRouter;
  }

  private void resume(SwarmMembership m) {
    TlsMaterial tls = TlsMaterial.load(CertsDir.of(dataDir));
    membership = m;
    if (m.role() == Node.Role.MANAGER) {
      ClusterAddress listen = m.listen();
      manager = Manager.restart(config(m.advertiseAddr(), listen, tls));
      startListener(listen, tls);
      worker.start(manager.dispatcher());
    } else {
      startRemoteWorker(tls, m.managers());
    }
    joinMembership(m);
    LOG.info("rejoined swarm {} as a {}", m.clusterId(), m.role().wire());
  }

  /** {@code swarm init}: this node becomes the first manager of a new swarm (and stays a worker). */
  public synchronized String init(String advertise, String listenAddr) {
    ensureNotInSwarm();
    boolean loopbackOnly = advertise == null || advertise.isBlank();
    String addr = loopbackOnly ? "127.0.0.1" : advertise.trim();
    requireIp("--advertise-addr", addr);
    // Without --advertise-addr the swarm is this host alone: ports are picked free on loopback, so several
    // daemons can share a machine; with it, the cluster port (2377) and Raft (2378) are on that address.
    ClusterAddress listen = loopbackOnly && (listenAddr == null || listenAddr.isBlank())
        ? new ClusterAddress("127.0.0.1", 0) : ClusterAddress.parse("--listen-addr", listenAddr, "0.0.0.0");
    String clusterId = Identity.newId();
    RootCa rootCa = RootCa.create(clock);
    JoinTokens tokens = JoinTokens.generate(rootCa);
    CertificateAuthority ca = new CertificateAuthority(clusterId, rootCa, tokens, NodeCertExpiry.DEFAULT, clock);
    NodeKeyPair key = NodeKeyPair.generate();
    TlsMaterial tls = TlsMaterial.fromPem(rootCa.certPem(),
        ca.issueForLocalNode(identity.nodeId(), Node.Role.MANAGER, key.csr(identity.nodeId()), ips(addr)).certPem(),
        key.privateKeyPem());
    tls.save(CertsDir.of(dataDir));
    Cluster.RootCA replicated = new Cluster.RootCA(rootCa.certPem(), rootCa.keyPem(),
        new Cluster.JoinTokens(tokens.worker().text(), tokens.manager().text()));
    manager = Manager.init(config(addr, listen, tls), clusterId, replicated);
    startListener(listen, tls);
    membership = new SwarmMembership(clusterId, Node.Role.MANAGER, addr,
        listen.host() + ":" + listener.port(), List.of(addr + ":" + listener.port()));
    membership.save(dataDir);
    worker.start(manager.dispatcher());
    joinMembership(membership);
    return identity.nodeId();
  }

  /** {@code swarm join}: admitted with a token by a manager, as a worker or a manager. */
  public synchronized Node.Role join(String tokenText, List<String> remotes, String advertise, String listenAddr) {
    ensureNotInSwarm();
    JoinToken token = JoinToken.parse(tokenText == null ? "" : tokenText.trim());
    if (remotes == null || remotes.isEmpty()) {
      throw SwarmException.invalid("a manager address is required: swarm join --token TOKEN IP:2377");
    }
    String addr = advertise == null || advertise.isBlank() ? JoinClient.localAddressTowards(remotes.get(0))
        : advertise.trim();
    requireIp("--advertise-addr", addr);
    NodeKeyPair key = NodeKeyPair.generate();
    JoinClient.Joined joined = JoinClient.join(vertx, remotes, token, identity.nodeId(), identity.hostname(), addr,
        key.csrPem(identity.nodeId()));
    var resp = joined.response();
    TlsMaterial tls = TlsMaterial.fromPem(joined.caCertPem(), resp.certificate(), key.privateKeyPem());
    tls.save(CertsDir.of(dataDir));
    ClusterAddress listen = ClusterAddress.parse("--listen-addr", listenAddr, "0.0.0.0");
    if (resp.role() == Node.Role.MANAGER) {
      manager = Manager.join(config(addr, listen, tls), UUID.fromString(resp.raftGroupId()), resp.raftMembers());
      startListener(listen, tls);
      worker.start(manager.dispatcher());
    } else {
      startRemoteWorker(tls, resp.managers());
    }
    membership = new SwarmMembership(resp.clusterId(), resp.role(), addr, listen.toString(), resp.managers());
    membership.save(dataDir);
    joinMembership(membership);
    LOG.info("joined swarm {} as a {} through {}", resp.clusterId(), resp.role().wire(), joined.manager());
    return resp.role();
  }

  private void ensureNotInSwarm() {
    if (membership != null) {
      throw SwarmException.unavailable(
          "This node is already part of a swarm. Use \"swarm leave\" to leave this swarm and join another one.");
    }
  }

  /** Gossip membership for every node of a multi-host swarm (not for a loopback-only one: nobody to gossip with). */
  private void joinMembership(SwarmMembership m) {
    if (m.advertiseAddr().startsWith("127.")) {
      return;
    }
    List<String> managerIps = m.managers().stream().map(a -> a.substring(0, a.lastIndexOf(':'))).toList();
    gossip = NodeMembership.start(vertx, m.clusterId(), identity.nodeId(), m.advertiseAddr(), managerIps, manager);
  }

  private void startListener(ClusterAddress listen, TlsMaterial tls) {
    listener = ClusterListener.start(vertx, listen, tls, manager, apiRouter, clock);
  }

  private void startRemoteWorker(TlsMaterial tls, List<String> managers) {
    remoteDispatcher = new RemoteDispatcherClient(vertx,
        new ManagerTls(tls.caCertPem(), tls.nodeCertPem(), tls.nodeKeyPem()), managers);
    worker.start(remoteDispatcher);
  }

  private ManagerConfig config(String advertise, ClusterAddress listen, TlsMaterial tls) {
    String raftHost = listen.port() == 0 ? "127.0.0.1" : advertise;
    return ManagerConfig.of(dataDir, identity.nodeId(), identity.hostname()).withAdvertiseAddress(advertise)
        .withRaftAddress(raftHost, listen.raftPort()).withTls(tls);
  }

  private static void requireIp(String flag, String addr) {
    if (!addr.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      throw SwarmException.invalid("invalid " + flag + " '" + addr + "': use an IP address of this host");
    }
  }

  private static List<InetAddress> ips(String addr) {
    try {
      return List.of(InetAddress.getByName(addr));
    } catch (UnknownHostException e) {
      throw SwarmException.invalid("invalid address " + addr);
    }
  }

  public Optional<Manager> manager() {
    return Optional.ofNullable(manager);
  }

  public Optional<SwarmMembership> membership() {
    return Optional.ofNullable(membership);
  }

  /** The manager, or Docker's 503 telling the user how to get one. */
  public Manager requireManager() {
    Manager m = manager;
    if (m == null) {
      throw SwarmException.unavailable("This node is not a swarm manager. " + (membership == null
          ? "Use \"swarm init\" to create a swarm on this node, or \"swarm join\" to join one, and try again."
          : "Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node "
              + "or promote the current node to a manager."));
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
    SwarmMembership m = membership;
    return m == null ? null : m.advertiseAddr();
  }

  /** The cluster address ({@code IP:PORT}) other hosts join through; null unless this node is a manager. */
  public String clusterAddr() {
    SwarmMembership m = membership;
    ClusterListener l = listener;
    return m == null || l == null ? null : m.advertiseAddr() + ":" + l.port();
  }

  /** Stops serving; containers keep running and are adopted by the next daemon on this data dir. */
  @Override
  public void close() {
    if (gossip != null) {
      gossip.close();
    }
    worker.close();
    if (remoteDispatcher != null) {
      remoteDispatcher.close();
    }
    if (listener != null) {
      listener.close();
    }
    Manager m = manager;
    if (m != null) {
      m.close();
    }
  }
}
