package swarm.manager.raft;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;
import swarm.core.object.Node;
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

      String clusterId = tls.identity().clusterId();
      // Only managers of this cluster take part in its Raft group; a worker's certificate, valid elsewhere, cannot.
      return new GrpcTlsConfig(keyManager, tls.trustManager(
          peer -> peer.role() == Node.Role.MANAGER && peer.clusterId().equals(clusterId)), true);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the Raft TLS configuration of " + tls, e);
    }
  }
}
