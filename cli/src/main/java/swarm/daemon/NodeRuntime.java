package swarm.daemon;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.identity.Identity;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.daemon.cluster.ClusterAddress;
import swarm.daemon.cluster.ClusterListener;
import swarm.daemon.cluster.JoinClient;
import swarm.daemon.cluster.JoinMessages;
import swarm.daemon.cluster.SwarmAuthority;
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
import swarm.manager.ca.RenewalSchedule;
import swarm.manager.ca.RootCa;
import swarm.manager.ca.TlsMaterial;
import swarm.worker.Worker;
import swarm.worker.session.ManagerTls;
import swarm.worker.session.RemoteDispatcherClient;

/**
 * One running node: its identity, its worker (always) and its manager (once it is a manager of a
 * swarm). The API routes reach everything through here. Thread-safety: {@link #init} and
 * {@link #join} are serialised; the manager reference is published once.
 */
public final class NodeRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
  /** How often a node looks at its recorded role (promotion, demotion) and its certificate's renewal time. */
  private static final Duration ROLE_CHECK = Duration.ofSeconds(3);

  private final Vertx vertx;
  private final Map<String, String> engineLabels;
  private final Path dataDir;
  private volatile NodeIdentity identity;
  private volatile Worker worker;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Clock clock = Clock.systemUTC();
  private volatile Manager manager;
  private volatile SwarmMembership membership;
  private volatile ClusterListener listener;
  private volatile RemoteDispatcherClient remoteDispatcher;
  private volatile Router apiRouter;
  private volatile NodeMembership gossip;
  private volatile TlsMaterial tls;
  private volatile Instant renewAt = Instant.MAX;
  private int raftStoppedChecks; // guarded by this
  private final long roleTimer;
  private final java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();

  private NodeRuntime(Vertx vertx, Path dataDir, NodeIdentity identity, Worker worker,
                      Map<String, String> engineLabels) {
    this.engineLabels = Map.copyOf(engineLabels);
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.identity = identity;
    this.worker = worker;
    this.roleTimer = vertx.setPeriodic(ROLE_CHECK.toMillis(), t -> {
      if (checking.compareAndSet(false, true)) { // one check at a time: a slow one must not pile up threads
        vertx.executeBlocking(() -> {
          reconcileRole();
          return null;
        }, false).onComplete(r -> {
          checking.set(false);
          if (r.failed()) {
            LOG.warn("role and certificate check: {}", r.cause().getMessage());
          }
        });
      }
    });
  }

  /**
   * Starts the node from its data dir; a node that was in a swarm takes its place in it again.
   * {@code api} builds the HTTP API for the node (a manager's cluster port serves it too).
   */
  public static NodeRuntime start(Vertx vertx, Path dataDir, String hostname, Map<String, String> engineLabels,
                                  Function<NodeRuntime, Router> api) {
    NodeIdentity identity = NodeIdentity.loadOrCreate(dataDir, hostname);
    NodeRuntime node = new NodeRuntime(vertx, dataDir, identity, new Worker(dataDir, identity.nodeId(), engineLabels),
        engineLabels);
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
    useTls(tls);
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
    return init(advertise, listenAddr, null, null);
  }

  /**
   * {@code swarm init --default-addr-pool CIDR... --default-addr-pool-mask-length N}: as {@link #init(String, String)},
   * with the address pool overlay networks take their subnets from (null: Docker's 10.0.0.0/8 in /24s).
   */
  public synchronized String init(String advertise, String listenAddr, List<String> addrPool, Integer subnetSize) {
    ensureNotInSwarm();
    List<String> poolProblems = swarm.manager.allocator.NetworkAllocation.poolProblems(addrPool, subnetSize);
    if (!poolProblems.isEmpty()) {
      throw SwarmException.invalid(poolProblems);
    }
    boolean loopbackOnly = advertise == null || advertise.isBlank();
    String addr = loopbackOnly ? "127.0.0.1" : advertise.trim();
    requireIp("--advertise-addr", addr);
    // Without --advertise-addr the swarm is this host alone: ports are picked free on loopback, so several
    // daemons can share a machine; with it, the cluster port (2377) and Raft (2378) are on that address.
    ClusterAddress listen = loopbackOnly ? new ClusterAddress("127.0.0.1", 0)
        : ClusterAddress.parse("--listen-addr", listenAddr, "0.0.0.0");
    String clusterId = Identity.newId();
    RootCa rootCa = RootCa.create(clock);
    JoinTokens tokens = JoinTokens.generate(rootCa);
    CertificateAuthority ca = new CertificateAuthority(clusterId, rootCa, tokens, NodeCertExpiry.DEFAULT, clock);
    NodeKeyPair key = NodeKeyPair.generate();
    TlsMaterial tls = TlsMaterial.fromPem(rootCa.certPem(),
        ca.issueForLocalNode(identity.nodeId(), Node.Role.MANAGER, key.csr(identity.nodeId()), ips(addr)).certPem(),
        key.privateKeyPem());
    tls.save(CertsDir.of(dataDir));
    useTls(tls);
    Cluster.RootCA replicated = new Cluster.RootCA(rootCa.certPem(), rootCa.keyPem(),
        new Cluster.JoinTokens(tokens.worker().text(), tokens.manager().text()));
    manager = Manager.init(config(addr, listen, tls), clusterId, replicated, addrPool, subnetSize);
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
    JoinClient.Joined joined = JoinClient.join(vertx, remotes, token, identity.hostname(), addr,
        key.csrPem(identity.nodeId()));
    var resp = joined.response();
    // The swarm named this node: from now on it is that node, here and in its data dir.
    identity = NodeIdentity.replace(dataDir, new NodeIdentity(resp.nodeId(), identity.hostname()));
    worker.close();
    worker = new Worker(dataDir, resp.nodeId(), engineLabels);
    TlsMaterial tls = TlsMaterial.fromPem(joined.caCertPem(), resp.certificate(), key.privateKeyPem());
    tls.save(CertsDir.of(dataDir));
    useTls(tls);
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
    if (gossip != null && manager == null && resp.nodeAddrs() != null) {
      gossip.admit(resp.nodeAddrs());
    }
    LOG.info("joined swarm {} as a {} through {}", resp.clusterId(), resp.role().wire(), joined.manager());
    return resp.role();
  }

  private void useTls(TlsMaterial material) {
    tls = material;
    renewAt = RenewalSchedule.renewalTime(material.nodeCertificate(), RANDOM);
  }

  /**
   * Level-triggered, every few seconds: renew the certificate once its renewal time has come, and
   * follow the role the swarm records for this node: a promoted worker starts a Raft member and
   * serves the cluster port; a demoted manager that the leader took out of the Raft group goes back
   * to being a worker of the remaining managers.
   */
  synchronized void reconcileRole() {
    SwarmMembership m = membership;
    Manager mgr = manager;
    // Seen stopped twice in a row, so a server still opening its log at start is never taken for a dead one.
    raftStoppedChecks = mgr != null && mgr.needsRaftRestart() ? raftStoppedChecks + 1 : 0;
    if (m != null && raftStoppedChecks >= 2) {
      raftStoppedChecks = 0;
      restartRaft(mgr, m);
      return;
    }
    if (m == null || listenerIsLoopbackOnly()) {
      return;
    }
    if (mgr == null) {
      JoinMessages.JoinResponse view = JoinClient.ask(vertx, m.managers(), tls, "/swarm-ext/node", null,
          JoinMessages.JoinResponse.class);
      if (view.managers() != null && !view.managers().isEmpty() && !view.managers().equals(m.managers())) {
        remember(new SwarmMembership(m.clusterId(), m.role(), m.advertiseAddr(), m.listenAddr(), view.managers()));
      }
      if (gossip != null && view.nodeAddrs() != null) {
        gossip.admit(view.nodeAddrs());
      }
      if (view.role() == Node.Role.MANAGER) {
        promote(view);
      } else if (!clock.instant().isBefore(renewAt)) {
        // New connections of the session use the new certificate; the containers stay (adopted).
        startRemoteWorker(renewThroughManagers(membership.managers()), membership.managers());
      }
      return;
    }
    Node self = mgr.store().current().nodes().get(identity.nodeId());
    if (self != null && self.spec().role() == Node.Role.WORKER) {
      // Demoted: once the leader took this node out of the Raft group, carry on as a worker. Ask the other
      // managers: a removed member may never hear of its own removal through its own log.
      List<String> others = otherManagers(mgr);
      JoinMessages.JoinResponse view = JoinClient.ask(vertx, others, tls, "/swarm-ext/node", null,
          JoinMessages.JoinResponse.class);
      if (view.raftMembers() != null && view.raftMembers().stream().noneMatch(p -> p.peerId().equals(identity.nodeId()))) {
        demote(mgr, others);
      }
    } else if (!clock.instant().isBefore(renewAt)) {
      useTls(renewLocally(mgr, Node.Role.MANAGER));
      mgr.useCertificate(tls);
      if (listener != null) {
        listener.useCertificate(tls);
      }
    }
  }

  /**
   * Ratis closed this manager's Raft server when a log write failed (a full disk), and the space is back: start the
   * manager again over the same log, as a daemon restart would, and point the cluster port, the local worker and
   * the membership at it.
   */
  private void restartRaft(Manager stopped, SwarmMembership m) {
    LOG.warn("the Raft server stopped after a failed log write; the disk has room again: restarting the manager");
    if (listener != null) {
      listener.close();
      listener = null;
    }
    stopped.close();
    manager = null;
    Manager restarted = Manager.restart(config(m.advertiseAddr(), m.listen(), tls));
    manager = restarted;
    startListener(m.listen(), tls);
    worker.reconnect(restarted.dispatcher());
    restartMembership();
    LOG.info("the manager is running again");
  }

  /** The other managers' cluster addresses, from this manager's copy of the node list (no Raft round trip). */
  private List<String> otherManagers(Manager mgr) {
    int port = membership.listen().port();
    return mgr.store().current().nodes().values().stream()
        .filter(n -> n.spec().role() == Node.Role.MANAGER && !n.id().equals(identity.nodeId()))
        .filter(n -> n.status() != null && n.status().addr() != null)
        .map(n -> n.status().addr() + ":" + port).toList();
  }

  private boolean listenerIsLoopbackOnly() {
    SwarmMembership m = membership;
    return m != null && m.advertiseAddr().startsWith("127.");
  }

  private void remember(SwarmMembership m) {
    membership = m;
    m.save(dataDir);
  }

  /** A new certificate from this manager's own CA (it holds the key): same node, the given role. */
  private TlsMaterial renewLocally(Manager mgr, Node.Role role) {
    CertificateAuthority ca = SwarmAuthority.of(mgr.store().current().cluster(), clock);
    NodeKeyPair key = NodeKeyPair.generate();
    TlsMaterial renewed = TlsMaterial.fromPem(tls.caCertPem(), ca.renew(tls.nodeCertificate(),
        key.csr(identity.nodeId()), role, ips(membership.advertiseAddr())).certPem(), key.privateKeyPem());
    renewed.save(CertsDir.of(dataDir));
    LOG.info("certificate renewed as {} until {}", role.wire(), renewed.nodeCertificate().getNotAfter());
    return renewed;
  }

  /** A new certificate from a manager, for the role the swarm records for this node. */
  private TlsMaterial renewThroughManagers(List<String> managers) {
    NodeKeyPair key = NodeKeyPair.generate();
    JoinMessages.RenewResponse r = JoinClient.ask(vertx, managers, tls, "/swarm-ext/renew",
        new JoinMessages.RenewRequest(key.csrPem(identity.nodeId())), JoinMessages.RenewResponse.class);
    TlsMaterial renewed = TlsMaterial.fromPem(tls.caCertPem(), r.certificate(), key.privateKeyPem());
    renewed.save(CertsDir.of(dataDir));
    useTls(renewed);
    LOG.info("certificate renewed as {} until {}", r.role().wire(), renewed.nodeCertificate().getNotAfter());
    return renewed;
  }

  /** The swarm made this worker a manager: a manager certificate, a Raft member, the cluster port. */
  private void promote(JoinMessages.JoinResponse view) {
    SwarmMembership m = membership;
    TlsMaterial managerTls = renewThroughManagers(m.managers());
    ClusterAddress listen = m.listen();
    manager = Manager.join(config(m.advertiseAddr(), listen, managerTls), UUID.fromString(view.raftGroupId()),
        view.raftMembers());
    startListener(listen, managerTls);
    worker.reconnect(manager.dispatcher());
    if (remoteDispatcher != null) {
      remoteDispatcher.close();
      remoteDispatcher = null;
    }
    remember(new SwarmMembership(m.clusterId(), Node.Role.MANAGER, m.advertiseAddr(), m.listenAddr(), view.managers()));
    restartMembership();
    LOG.info("promoted: this node is now a manager of swarm {}", m.clusterId());
  }

  /** The leader took this demoted manager out of the Raft group: carry on as a worker of the others. */
  private void demote(Manager mgr, List<String> others) {
    SwarmMembership m = membership;
    useTls(renewLocally(mgr, Node.Role.WORKER));
    if (listener != null) {
      listener.close();
      listener = null;
    }
    startRemoteWorker(tls, others);
    mgr.close();
    manager = null;
    deleteTree(dataDir.resolve("raft"));
    remember(new SwarmMembership(m.clusterId(), Node.Role.WORKER, m.advertiseAddr(), m.listenAddr(), others));
    restartMembership();
    LOG.info("demoted: this node is now a worker of swarm {}", m.clusterId());
  }

  private void restartMembership() {
    if (gossip != null) {
      gossip.close();
      gossip = null;
    }
    joinMembership(membership);
  }

  /**
   * {@code swarm leave}: this node stops taking part in its swarm: its containers are stopped and
   * removed, its certificates and (on a manager) its Raft log deleted. A manager needs {@code force}:
   * it first leaves the Raft group, unless it is the last member, whose state then goes with it.
   */
  public synchronized void leave(boolean force) {
    SwarmMembership m = membership;
    if (m == null) {
      throw SwarmException.unavailable("This node is not part of a swarm");
    }
    Manager mgr = manager;
    if (mgr != null) {
      int managers = mgr.managers().size();
      if (!force) {
        throw SwarmException.invalid(managers <= 1
            ? "You are attempting to leave the swarm on a node that is participating as a manager. Removing the "
                + "last manager erases all current state of the swarm. Use `--force` to ignore this message."
            : "You are attempting to leave the swarm on a node that is participating as a manager. Removing this "
                + "node leaves " + (managers - 1) + " managers out of a possible " + managers + ". Demote it first "
                + "(swarm node demote) to keep the quorum safe, or use `--force` to suppress this message.");
      }
      if (managers > 1) {
        mgr.removeManager(identity.nodeId());
      }
    }
    worker.leave();
    closeSwarmParts(false);
    manager = null;
    membership = null;
    for (Path p : List.of(dataDir.resolve("raft"), CertsDir.of(dataDir))) {
      deleteTree(p);
    }
    SwarmMembership.delete(dataDir);
    LOG.info("left swarm {}", m.clusterId());
  }

  private static void deleteTree(Path root) {
    if (!java.nio.file.Files.exists(root)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot delete " + root, e);
    }
  }

  /**
   * Closes what being in a swarm started: gossip, the remote session, the cluster port, the manager.
   *
   * @param restarting the node stays in the swarm (a daemon stop, not a leave): gossip says so as it goes
   */
  private void closeSwarmParts(boolean restarting) {
    if (gossip != null) {
      if (restarting) {
        gossip.closeForRestart();
      } else {
        gossip.close();
      }
      gossip = null;
    }
    if (remoteDispatcher != null) {
      remoteDispatcher.close();
      remoteDispatcher = null;
    }
    if (listener != null) {
      listener.close();
      listener = null;
    }
    Manager m = manager;
    if (m != null) {
      m.close();
    }
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

  private void startRemoteWorker(TlsMaterial material, List<String> managers) {
    RemoteDispatcherClient previous = remoteDispatcher;
    remoteDispatcher = new RemoteDispatcherClient(vertx,
        new ManagerTls(material.caCertPem(), material.nodeCertPem(), material.nodeKeyPem()), managers);
    worker.reconnect(remoteDispatcher);
    if (previous != null) {
      previous.close();
    }
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
  public synchronized void close() {
    vertx.cancelTimer(roleTimer);
    worker.close();
    closeSwarmParts(true);
  }
}
