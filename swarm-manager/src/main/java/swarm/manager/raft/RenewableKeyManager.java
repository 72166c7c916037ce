package swarm.manager.raft;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import swarm.manager.ca.TlsMaterial;

/**
 * The node's key and certificate for Raft's TLS, replaceable while Raft runs: after a renewal, {@link #use} makes
 * every new handshake present the new certificate (connections already open keep the one they began with). Each
 * certificate gets its own alias, so a TLS stack that caches key material by alias cannot serve the old one.
 * Thread-safe.
 */
final class RenewableKeyManager extends X509ExtendedKeyManager {
  private static final char[] IN_MEMORY_PASSWORD = "raft".toCharArray(); // the key store never leaves memory

  private record Current(String alias, X509KeyManager keys) {}

  private volatile Current current;
  /** Still answers for its alias: a handshake that chose it just before a renewal completes with it. */
  private volatile Current previous;

  RenewableKeyManager(TlsMaterial tls) {
    use(tls);
  }

  /** From now on, handshakes present {@code tls}'s certificate. */
  void use(TlsMaterial tls) {
    String alias = "node-" + tls.nodeCertificate().getSerialNumber().toString(16);
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(alias, tls.nodeKey(), IN_MEMORY_PASSWORD,
          new X509Certificate[] {tls.nodeCertificate(), tls.caCertificate()});
      // SunX509 picks the key by type alone. PKIX's key manager inspects the handshake session, which Ratis's
      // (BoringSSL) engine cannot give it: the server then aborts every handshake with an internal error alert.
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(keys, IN_MEMORY_PASSWORD);
      Current next = new Current(alias, (X509KeyManager) factory.getKeyManagers()[0]);
      synchronized (this) {
        previous = current;
        current = next;
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot use the certificate of " + tls + " for Raft", e);
    }
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return current.keys().getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return current.keys().chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return current.keys().chooseClientAlias(keyType, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.keys().getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.keys().chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.keys().chooseServerAlias(keyType, issuers, null);
  }

  /** The chain of {@code alias}: the current certificate's, or the one it replaced; null for any other alias. */
  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return holding(alias).getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return holding(alias).getPrivateKey(alias);
  }

  private X509KeyManager holding(String alias) {
    Current c = current;
    Current p = previous;
    return p != null && p.alias().equals(alias) ? p.keys() : c.keys();
  }
}
