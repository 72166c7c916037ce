package swarm.manager.ca;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;

/**
 * The manager-side certificate authority service: holds the root CA, the join tokens, the cluster id, the node
 * certificate expiry and the ids of removed nodes, and decides who gets a certificate. A joining node presents a join
 * token and a CSR: the token's secret, compared in constant time with both tokens, decides the role. A node that has
 * a valid certificate renews with it instead. Removed nodes get nothing.
 *
 * <p>Thread-safe: tokens and expiry are replaced atomically, removed ids live in a concurrent set. This class holds
 * no replicated state of its own: whoever applies the Raft log feeds it ({@link #replaceJoinTokens}, {@link
 * #setNodeCertExpiry}, {@link #markRemoved}).
 */
public final class CertificateAuthority {
  private static final String INVALID_TOKEN = "invalid join token";

  private final String clusterId;
  private final RootCa rootCa;
  private final CertificateIssuer issuer;
  private final Clock clock;
  private final Set<String> removedNodeIds = ConcurrentHashMap.newKeySet();
  private volatile JoinTokens joinTokens;
  private volatile NodeCertExpiry nodeCertExpiry;

  public CertificateAuthority(String clusterId, RootCa rootCa, JoinTokens joinTokens, NodeCertExpiry nodeCertExpiry,
                              Clock clock) {
    if (!NodeIdentityCert.isValidId(clusterId)) {
      throw new IllegalArgumentException("invalid cluster id '" + clusterId + "'");
    }
    this.clusterId = clusterId;
    this.rootCa = Objects.requireNonNull(rootCa, "rootCa");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.issuer = new CertificateIssuer(rootCa, clock);
    this.nodeCertExpiry = Objects.requireNonNull(nodeCertExpiry, "nodeCertExpiry");
    requireOurs(joinTokens);
    this.joinTokens = joinTokens;
  }

  /** A new swarm's CA: a new root, new tokens, the default 90-day node certificates. */
  public static CertificateAuthority create(String clusterId, Clock clock) {
    RootCa root = RootCa.create(clock);
    return new CertificateAuthority(clusterId, root, JoinTokens.generate(root), NodeCertExpiry.DEFAULT, clock);
  }

  /** {@link #issue(JoinToken, byte[], String, List)} without IP addresses. */
  public IssuedCertificate issue(JoinToken presented, byte[] csr, String nodeId) {
    return issue(presented, csr, nodeId, List.of());
  }

  /**
   * A certificate for a joining node: the role is the one whose token {@code presented} is.
   *
   * @param csr         PKCS#10, DER or PEM; its subject is ignored
   * @param nodeId      the id the manager gave the new node
   * @param ipAddresses put in the certificate's subject alternative names, for peers that dial it by address
   * @throws SwarmException INVALID "invalid join token" for a token of another CA, a rotated-away or unknown token
   *                        (and nothing more, so a guesser learns nothing); INVALID if the node was removed or the
   *                        CSR is bad
   */
  public IssuedCertificate issue(JoinToken presented, byte[] csr, String nodeId, List<InetAddress> ipAddresses) {
    Objects.requireNonNull(presented, "presented");
    Node.Role role = joinTokens.roleOf(presented).orElse(null);
    // roleOf already compared both tokens whole (CA digest included); the explicit CA check documents the intent
    if (role == null || !presented.matchesCa(rootCa.certificate())) {
      throw SwarmException.invalid(INVALID_TOKEN);
    }
    return sign(csr, new NodeIdentityCert(nodeId, role, clusterId), ipAddresses);
  }

  /**
   * A certificate for this manager itself, or for a node whose role the caller has already authorized by other means
   * (it holds the CA key, so there is no token to check).
   */
  public IssuedCertificate issueForLocalNode(String nodeId, Node.Role role, byte[] csr, List<InetAddress> ipAddresses) {
    return sign(csr, new NodeIdentityCert(nodeId, role, clusterId), ipAddresses);
  }

  /** {@link #renew(X509Certificate, byte[], Node.Role, List)} keeping the role and IP addresses of {@code current}. */
  public IssuedCertificate renew(X509Certificate current, byte[] csr) {
    NodeIdentityCert identity = verifiedIdentity(current);
    return sign(csr, identity, ipAddresses(current));
  }

  /**
   * A new certificate for a node that holds a valid one of ours: same node id and cluster, the given role (a
   * promotion or demotion shows here), a new key from {@code csr}.
   *
   * @throws SwarmException INVALID if {@code current} is not ours, expired, of another cluster, or the node was removed
   */
  public IssuedCertificate renew(X509Certificate current, byte[] csr, Node.Role role, List<InetAddress> ipAddresses) {
    NodeIdentityCert identity = verifiedIdentity(current);
    return sign(csr, new NodeIdentityCert(identity.nodeId(), role, clusterId), ipAddresses);
  }

  /** From now on, {@code nodeId} can neither join nor renew (Swarm's {@code node rm}). */
  public void markRemoved(String nodeId) {
    removedNodeIds.add(Objects.requireNonNull(nodeId, "nodeId"));
  }

  /** Replaces the set of removed node ids, e.g. after a Raft snapshot was installed. */
  public void replaceRemoved(Collection<String> nodeIds) {
    removedNodeIds.retainAll(Set.copyOf(nodeIds));
    removedNodeIds.addAll(nodeIds);
  }

  public boolean isRemoved(String nodeId) {
    return removedNodeIds.contains(nodeId);
  }

  public Set<String> removedNodeIds() {
    return Set.copyOf(removedNodeIds);
  }

  /** Gives {@code role}'s token a new secret; the old one is refused from now on. Returns the new tokens. */
  public synchronized JoinTokens rotateJoinToken(Node.Role role) {
    joinTokens = joinTokens.rotate(role);
    return joinTokens;
  }

  /** Installs tokens agreed elsewhere (the Raft log); they must pin this CA. */
  public synchronized void replaceJoinTokens(JoinTokens tokens) {
    requireOurs(tokens);
    joinTokens = tokens;
  }

  public JoinTokens joinTokens() {
    return joinTokens;
  }

  public NodeCertExpiry nodeCertExpiry() {
    return nodeCertExpiry;
  }

  /** Applies to certificates issued from now on; existing ones keep their expiry until renewed. */
  public void setNodeCertExpiry(NodeCertExpiry expiry) {
    nodeCertExpiry = Objects.requireNonNull(expiry, "expiry");
  }

  public String clusterId() {
    return clusterId;
  }

  public RootCa rootCa() {
    return rootCa;
  }

  private IssuedCertificate sign(byte[] csr, NodeIdentityCert identity, List<InetAddress> ipAddresses) {
    refuseRemoved(identity.nodeId());
    X509Certificate cert = issuer.issue(csr, identity, nodeCertExpiry, ipAddresses);
    return new IssuedCertificate(Pem.certificate(cert), identity.role());
  }

  private NodeIdentityCert verifiedIdentity(X509Certificate current) {
    Objects.requireNonNull(current, "current");
    if (!rootCa.signed(current)) {
      throw SwarmException.invalid("certificate " + current.getSubjectX500Principal() + " was not issued by this "
          + "swarm's CA; join with a join token instead");
    }
    Instant now = clock.instant();
    if (now.isAfter(current.getNotAfter().toInstant())) {
      throw SwarmException.invalid("certificate " + current.getSubjectX500Principal() + " expired at "
          + current.getNotAfter().toInstant() + "; the node must join again with a join token");
    }
    if (now.isBefore(current.getNotBefore().toInstant())) {
      throw SwarmException.invalid("certificate " + current.getSubjectX500Principal() + " is not valid before "
          + current.getNotBefore().toInstant());
    }
    NodeIdentityCert identity = NodeIdentityCert.of(current);
    if (!identity.clusterId().equals(clusterId)) {
      throw SwarmException.invalid("certificate of node " + identity.nodeId() + " belongs to cluster "
          + identity.clusterId() + ", not " + clusterId);
    }
    refuseRemoved(identity.nodeId());
    return identity;
  }

  private void refuseRemoved(String nodeId) {
    if (removedNodeIds.contains(nodeId)) {
      throw SwarmException.invalid("node " + nodeId + " was removed from the swarm");
    }
  }

  private void requireOurs(JoinTokens tokens) {
    Objects.requireNonNull(tokens, "joinTokens");
    if (!tokens.worker().matchesCa(rootCa.certificate())) {
      throw new IllegalArgumentException("the join tokens pin another CA than " + rootCa);
    }
  }

  private static List<InetAddress> ipAddresses(X509Certificate cert) {
    List<InetAddress> out = new ArrayList<>();
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (Integer.valueOf(7).equals(name.get(0))) { // 7 = iPAddress, given as text
            out.add(InetAddress.getByName((String) name.get(1))); // a literal: no DNS lookup
          }
        }
      }
    } catch (CertificateParsingException | UnknownHostException e) {
      throw SwarmException.invalid("cannot read the IP addresses of certificate " + cert.getSubjectX500Principal()
          + ": " + e.getMessage());
    }
    return out;
  }
}
