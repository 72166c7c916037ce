package swarm.manager.ca;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import swarm.core.object.Node;

/** Test fixture: a frozen clock, CAs, and nodes enrolled with a CA in one call. */
public final class PkiFixture {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private PkiFixture() {}

  static CertificateAuthority authority(String clusterId) {
    return CertificateAuthority.create(clusterId, CLOCK);
  }

  /** A CA on the real clock, for TLS handshakes: the JDK checks certificate dates against the system time. */
  public static CertificateAuthority liveAuthority(String clusterId) {
    return CertificateAuthority.create(clusterId, Clock.systemUTC());
  }

  /** A node of {@code ca}'s swarm with its own key, as {@code swarm join} would leave it. */
  public static TlsMaterial enroll(CertificateAuthority ca, String nodeId, Node.Role role) {
    NodeKeyPair keys = NodeKeyPair.generate();
    JoinToken token = ca.joinTokens().forRole(role);
    X509Certificate cert = ca.issue(token, keys.csr(nodeId), nodeId, List.of(InetAddress.getLoopbackAddress()))
        .certificate();
    return new TlsMaterial(ca.rootCa().certificate(), cert, keys.privateKey());
  }
}
