package swarm.worker.session;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Reads the swarm names in a node certificate's subject: CN = node id, OU = role. JDK only. Stateless. */
final class CertificateNames {
  static final String MANAGER_OU = "swarm-manager";

  private CertificateNames() {}

  static String nodeIdOf(String certPem) {
    return attribute(parse(certPem), "CN")
        .orElseThrow(() -> new IllegalArgumentException("the node certificate has no CN (node id)"));
  }

  static boolean isManager(Certificate cert) {
    return cert instanceof X509Certificate x && attribute(x, "OU").filter(MANAGER_OU::equals).isPresent();
  }

  static Optional<String> attribute(X509Certificate cert, String type) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase(type)) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  static X509Certificate parse(String pem) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
