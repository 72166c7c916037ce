package swarm.manager.ca;

import java.security.cert.X509Certificate;
import java.util.Objects;
import swarm.core.object.Node;

/**
 * A node certificate the CA just signed, as sent back to the node: the PEM certificate and the role it grants.
 * Immutable and thread-safe.
 *
 * @param certPem the node certificate as PEM
 * @param role    the role written in its OU
 */
public record IssuedCertificate(String certPem, Node.Role role) {
  public IssuedCertificate {
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(role, "role");
  }

  public X509Certificate certificate() {
    return Pem.parseCertificate(certPem);
  }
}
