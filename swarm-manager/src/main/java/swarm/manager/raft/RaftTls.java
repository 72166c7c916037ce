package swarm.manager.raft;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.ratis.grpc.GrpcTlsConfig;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;
import swarm.manager.ca.NodeIdentityCert;
import swarm.manager.ca.TlsMaterial;

/**
 * Mutual TLS for every Raft connection (peer to peer, client to server, admin): Ratis's {@link GrpcTlsConfig} built
 * from the node's {@link TlsMaterial} as a key manager and trust manager, so no key file is written for Ratis. A peer
 * is accepted only if its chain validates against the swarm's root CA alone (the JDK's PKIX checks, host name
 * included when dialling) and its certificate names a MANAGER of the same cluster: a worker's certificate, valid as
 * it is elsewhere, cannot speak Raft. Stateless.
 */
final class RaftTls {
  private static final char[] IN_MEMORY_PASSWORD = "raft".toCharArray(); // the key store never leaves memory

  private RaftTls() {}

  static GrpcTlsConfig config(TlsMaterial tls) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("node", tls.nodeKey(), IN_MEMORY_PASSWORD,
          new X509Certificate[] {tls.nodeCertificate(), tls.caCertificate()});
      // SunX509 picks the key by type alone. PKIX's key manager inspects the handshake session, which Ratis's
      // (BoringSSL) engine cannot give it: the server then aborts every handshake with an internal error alert.
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
      keyManagers.init(keys, IN_MEMORY_PASSWORD);
      KeyManager keyManager = keyManagers.getKeyManagers()[0];

      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("swarm-ca", tls.caCertificate());
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(trusted);
      X509ExtendedTrustManager pkix = null;
      for (TrustManager tm : trustManagers.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          pkix = x509;
        }
      }
      if (pkix == null) {
        throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
      }
      return new GrpcTlsConfig(keyManager, new ManagersOnly(pkix, tls.identity().clusterId()), true);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the Raft TLS configuration of " + tls, e);
    }
  }

  /** PKIX against the swarm CA, then: the peer must be a manager of this cluster. */
  private static final class ManagersOnly extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final String clusterId;

    ManagersOnly(X509ExtendedTrustManager pkix, String clusterId) {
      this.pkix = pkix;
      this.clusterId = clusterId;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pkix.checkClientTrusted(chain, authType);
      admit(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
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
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
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
      if (peer.role() != Node.Role.MANAGER || !peer.clusterId().equals(clusterId)) {
        throw new CertificateException("node " + peer.nodeId() + " (" + peer.organizationalUnit() + ", cluster "
            + peer.clusterId() + ") may not take part in the Raft group of cluster " + clusterId);
      }
    }
  }
}
