package swarm.manager.ca;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import swarm.core.error.SwarmException;

/**
 * Trusts a peer whose chain the JDK's PKIX trust manager validates against the swarm's root CA alone, and whose
 * certificate then names a swarm node ({@link NodeIdentityCert}) that {@code accepted} lets in (same cluster, not
 * removed, the right role...). Thread-safe if {@code accepted} is.
 */
final class NodeTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final Predicate<NodeIdentityCert> accepted;

  NodeTrustManager(X509ExtendedTrustManager pkix, Predicate<NodeIdentityCert> accepted) {
    this.pkix = pkix;
    this.accepted = accepted;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
    admit(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
    admit(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
    admit(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkServerTrusted(chain, authType);
    admit(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    pkix.checkServerTrusted(chain, authType, socket);
    admit(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, engine);
    admit(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }

  private void admit(X509Certificate[] chain) throws CertificateException {
    NodeIdentityCert peer;
    try {
      peer = NodeIdentityCert.of(chain[0]);
    } catch (SwarmException e) {
      throw new CertificateException(e.getMessage());
    }
    if (!accepted.test(peer)) {
      throw new CertificateException("node " + peer.nodeId() + " (" + peer.organizationalUnit() + ", cluster "
          + peer.clusterId() + ") is not accepted here");
    }
  }
}
