package swarm.daemon.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.core.identity.Identity;
import swarm.core.json.InputJson;
import swarm.core.json.Json;
import swarm.core.object.Cluster;
import swarm.core.object.Node;
import swarm.manager.Manager;
import swarm.manager.ca.CertificateAuthority;
import swarm.manager.ca.IssuedCertificate;
import swarm.manager.ca.JoinToken;
import swarm.manager.raft.RaftPeerStatus;
import swarm.daemon.cluster.JoinMessages.JoinRequest;
import swarm.daemon.cluster.JoinMessages.JoinResponse;
import swarm.daemon.cluster.JoinMessages.RenewRequest;
import swarm.daemon.cluster.JoinMessages.RenewResponse;

/**
 * The manager's side of joining, on the cluster port: hand out the root certificate (anyone may
 * ask: the joining host checks it against its token), and trade a valid token and a CSR for a node
 * certificate whose role the token decides. Thread-safety: stateless; runs on worker threads.
 */
final class JoinEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(JoinEndpoint.class);
  private final Manager manager;
  private final Clock clock;

  JoinEndpoint(Manager manager, Clock clock) {
    this.manager = manager;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/swarm-ext/ca").blockingHandler(ctx -> {
      Cluster.RootCA ca = manager.controlApi().cluster().rootCA();
      if (ca == null) {
        throw SwarmException.unavailable("this swarm has no certificate authority");
      }
      ctx.response().putHeader("Content-Type", "application/x-pem-file").end(ca.caCert());
    }, false);
    BodyHandler body = BodyHandler.create().setBodyLimit(64 << 10);
    router.post("/swarm-ext/join").handler(body).blockingHandler(this::join, false);
    router.post("/swarm-ext/renew").handler(body).blockingHandler(this::renew, false);
    router.get("/swarm-ext/node").blockingHandler(this::self, false);
  }

  /** A node's view of itself as the swarm records it: its role (promotions show here) and where the managers are. */
  private void self(RoutingContext ctx) {
    X509Certificate current = peerCertificate(ctx);
    String nodeId = swarm.manager.ca.NodeIdentityCert.of(current).nodeId();
    Node node = manager.controlApi().node(nodeId);
    JoinResponse view = new JoinResponse(nodeId, null, node.spec().role(), manager.controlApi().cluster().id(), managers(),
        manager.raftGroupId().toString(), manager.raftMembers(), nodeAddrs());
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.toBytes(view)));
  }

  /** The addresses of the nodes the swarm knows (from this manager's copy of the log). */
  private List<String> nodeAddrs() {
    return manager.store().current().nodes().values().stream().filter(n -> n.status() != null)
        .map(n -> n.status().addr()).filter(a -> a != null && !a.isBlank()).distinct().sorted().toList();
  }

  private List<String> managers() {
    List<String> managers = new ArrayList<>();
    for (RaftPeerStatus p : manager.managers()) {
      managers.add(ClusterAddress.ofRaftAddress(p.address()).toString());
    }
    return managers;
  }

  private void join(RoutingContext ctx) {
    JoinRequest req = InputJson.read(body(ctx), JoinRequest.class);
    if (req.token() == null || req.csr() == null) {
      throw SwarmException.invalid("join request needs Token and CSR");
    }
    // The swarm names the node (as swarmkit does): a host cannot claim the identity of another node.
    String nodeId = Identity.newId();
    JoinToken token = JoinToken.parse(req.token());
    Cluster cluster = manager.controlApi().cluster();
    CertificateAuthority ca = SwarmAuthority.of(cluster, clock);
    IssuedCertificate issued = ca.issue(token, req.csr().getBytes(StandardCharsets.US_ASCII), nodeId,
        addresses(req.advertiseAddr()));
    List<String> managers = managers();
    boolean asManager = issued.role() == Node.Role.MANAGER;
    LOG.info("node {} ({}) joins as {}", nodeId, req.hostname(), issued.role().wire());
    JoinResponse resp = new JoinResponse(nodeId, issued.certPem(), issued.role(), cluster.id(), managers,
        asManager ? manager.raftGroupId().toString() : null, asManager ? manager.raftMembers() : null, nodeAddrs());
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.toBytes(resp)));
  }

  private void renew(RoutingContext ctx) {
    X509Certificate current = peerCertificate(ctx);
    RenewRequest req = InputJson.read(body(ctx), RenewRequest.class);
    if (req.csr() == null) {
      throw SwarmException.invalid("renew request needs CSR");
    }
    Cluster cluster = manager.controlApi().cluster();
    CertificateAuthority ca = SwarmAuthority.of(cluster, clock);
    // The role is the one the swarm records now: a promoted or demoted node gets its new role here.
    Node node = manager.controlApi().node(swarm.manager.ca.NodeIdentityCert.of(current).nodeId());
    IssuedCertificate issued = ca.renew(current, req.csr().getBytes(StandardCharsets.US_ASCII), node.spec().role(),
        addresses(node.status() == null ? null : node.status().addr()));
    ctx.response().putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(Json.toBytes(new RenewResponse(issued.certPem(), issued.role()))));
  }

  private static byte[] body(RoutingContext ctx) {
    Buffer b = ctx.body().buffer();
    return b == null ? null : b.getBytes();
  }

  static X509Certificate peerCertificate(RoutingContext ctx) {
    try {
      List<Certificate> chain = ctx.request().connection().peerCertificates();
      if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate x) {
        return x;
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate: refused below
    }
    throw new SwarmException(SwarmException.Kind.INVALID, "a client certificate of this swarm is required");
  }


  private static List<InetAddress> addresses(String ip) {
    if (ip == null || ip.isBlank()) {
      return List.of();
    }
    try {
      return List.of(InetAddress.getByName(ip));
    } catch (UnknownHostException e) {
      throw SwarmException.invalid("invalid advertise address '" + ip + "'");
    }
  }
}
