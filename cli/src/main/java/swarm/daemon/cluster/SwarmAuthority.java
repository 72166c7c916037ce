package swarm.daemon.cluster;

import java.time.Clock;
import swarm.core.error.SwarmException;
import swarm.core.object.Cluster;
import swarm.manager.ca.CertificateAuthority;
import swarm.manager.ca.JoinToken;
import swarm.manager.ca.JoinTokens;
import swarm.manager.ca.NodeCertExpiry;
import swarm.manager.ca.RootCa;

/**
 * The certificate authority as the replicated Cluster object describes it right now: every
 * manager builds it from the same state, so any manager can admit a node and a rotated token is
 * refused everywhere as soon as the rotation commits.
 */
public final class SwarmAuthority {
  private SwarmAuthority() {}

  public static CertificateAuthority of(Cluster cluster, Clock clock) {
    Cluster.RootCA ca = cluster.rootCA();
    if (ca == null || ca.caKey() == null) {
      throw SwarmException.unavailable("this swarm has no certificate authority: it was created without "
          + "--advertise-addr and cannot admit other hosts");
    }
    JoinTokens tokens = new JoinTokens(JoinToken.parse(ca.joinTokens().worker()),
        JoinToken.parse(ca.joinTokens().manager()));
    CertificateAuthority authority = new CertificateAuthority(cluster.id(), RootCa.fromPem(ca.caCert(), ca.caKey()),
        tokens, NodeCertExpiry.of(java.time.Duration.ofNanos(cluster.spec().caConfig().nodeCertExpiry())), clock);
    authority.replaceRemoved(cluster.removedNodes());
    return authority;
  }
}
