package swarm.worker.session;

import java.util.Objects;

/**
 * The worker's mutual-TLS material for manager sessions, as PEM: the swarm's root CA certificate (the only one
 * trusted), the node certificate (CN = node id) and its PKCS#8 private key. Immutable.
 */
public record ManagerTls(String caCertPem, String nodeCertPem, String nodeKeyPem) {
  public ManagerTls {
    Objects.requireNonNull(caCertPem, "caCertPem");
    Objects.requireNonNull(nodeCertPem, "nodeCertPem");
    Objects.requireNonNull(nodeKeyPem, "nodeKeyPem");
  }

  @Override
  public String toString() {
    return "ManagerTls[node " + CertificateNames.nodeIdOf(nodeCertPem) + "]";
  }
}
