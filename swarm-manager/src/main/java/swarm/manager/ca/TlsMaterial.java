package swarm.manager.ca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import swarm.core.error.SwarmException;

/**
 * A node's TLS identity: the swarm's root CA certificate, the node's certificate and its private key. It makes what
 * servers and clients need for mutual TLS: an {@link SSLContext} (trusts only this CA, TLS 1.2 and 1.3 only, servers
 * require a client certificate) or PEM strings for Vert.x ({@code new PemKeyCertOptions().setKeyValue(
 * Buffer.buffer(nodeKeyPem())).setCertValue(Buffer.buffer(nodeCertPem()))} and {@code new
 * PemTrustOptions().addCertValue(Buffer.buffer(caCertPem()))}; there, enable only TLSv1.2 and TLSv1.3 and set {@code
 * ClientAuth.REQUIRED} yourself). Kept in {@code <dataDir>/certs/} as {@code ca.crt}, {@code node.crt} and {@code
 * node.key} (0600). Immutable and thread-safe; a renewed certificate is a new {@code TlsMaterial}.
 */
public final class TlsMaterial {
  /** The protocols every socket and engine of {@link #sslContext()} enables. */
  public static final List<String> PROTOCOLS = List.of(MutualTlsContext.PROTOCOLS);
  private static final char[] IN_MEMORY_PASSWORD = "swarm".toCharArray(); // the key store never leaves memory

  private final X509Certificate caCertificate;
  private final X509Certificate nodeCertificate;
  private final PrivateKey nodeKey;

  /** @throws SwarmException INVALID if the node certificate is not signed by the CA or the key is not its key */
  public TlsMaterial(X509Certificate caCertificate, X509Certificate nodeCertificate, PrivateKey nodeKey) {
    this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
    this.nodeCertificate = Objects.requireNonNull(nodeCertificate, "nodeCertificate");
    this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
    try {
      nodeCertificate.verify(caCertificate.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw SwarmException.invalid("node certificate " + nodeCertificate.getSubjectX500Principal()
          + " is not signed by CA " + caCertificate.getSubjectX500Principal());
    }
    if (!P256.matches(nodeKey, nodeCertificate.getPublicKey())) {
      throw SwarmException.invalid("the node key does not belong to node certificate "
          + nodeCertificate.getSubjectX500Principal());
    }
  }

  public static TlsMaterial fromPem(String caCertPem, String nodeCertPem, String nodeKeyPem) {
    return new TlsMaterial(Pem.parseCertificate(caCertPem), Pem.parseCertificate(nodeCertPem),
        Pem.parsePrivateKey(nodeKeyPem));
  }

  /** Whether {@code dir} (a {@link CertsDir}) holds a node's CA certificate, certificate and key. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(CertsDir.CA_CERT)) && Files.isRegularFile(dir.resolve(CertsDir.NODE_CERT))
        && Files.isRegularFile(dir.resolve(CertsDir.NODE_KEY));
  }

  /** Reads {@code ca.crt}, {@code node.crt} and {@code node.key}; NOT_FOUND if one is missing, INVALID if damaged. */
  public static TlsMaterial load(Path dir) {
    return fromPem(CertsDir.read(dir, CertsDir.CA_CERT), CertsDir.read(dir, CertsDir.NODE_CERT),
        CertsDir.read(dir, CertsDir.NODE_KEY));
  }

  /**
   * Writes {@code ca.crt}, {@code node.key} (0600) and {@code node.crt} into {@code dir}, each atomically. A crash
   * between the key and the certificate can leave a pair that does not match; {@link #load} then says so, and the
   * node rejoins.
   */
  public void save(Path dir) {
    CertsDir.write(dir, CertsDir.CA_CERT, caCertPem(), false);
    CertsDir.write(dir, CertsDir.NODE_KEY, nodeKeyPem(), true);
    CertsDir.write(dir, CertsDir.NODE_CERT, nodeCertPem(), false);
  }

  /** A mutual-TLS context that accepts any node certificate issued by this CA. */
  public SSLContext sslContext() {
    return sslContext(peer -> true);
  }

  /**
   * A mutual-TLS context that, beyond the CA's signature, accepts only peers whose identity passes {@code
   * peerAccepted}: e.g. {@code peer -> peer.clusterId().equals(myCluster) && !removed.contains(peer.nodeId())}.
   */
  public SSLContext sslContext(Predicate<NodeIdentityCert> peerAccepted) {
    Objects.requireNonNull(peerAccepted, "peerAccepted");
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("node", nodeKey, IN_MEMORY_PASSWORD, new X509Certificate[] {nodeCertificate, caCertificate});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
      keyManagers.init(keys, IN_MEMORY_PASSWORD);

      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), new TrustManager[] {trustManager(peerAccepted)}, null);
      return MutualTlsContext.wrap(context);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the TLS context of " + nodeCertificate.getSubjectX500Principal(),
          e);
    }
  }

  /**
   * Trusts only certificates that this swarm's CA signed (PKIX, no system trust store) and whose
   * identity passes {@code peerAccepted}; for every TLS endpoint of a node (cluster port, Raft).
   */
  public X509ExtendedTrustManager trustManager(Predicate<NodeIdentityCert> peerAccepted) {
    Objects.requireNonNull(peerAccepted, "peerAccepted");
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("swarm-ca", caCertificate);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(trusted);
      for (TrustManager tm : trustManagers.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager pkix) {
          return new NodeTrustManager(pkix, peerAccepted);
        }
      }
      throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the trust manager for " + caCertificate.getSubjectX500Principal(),
          e);
    }
  }

  /** Who this node is, from its certificate. */
  public NodeIdentityCert identity() {
    return NodeIdentityCert.of(nodeCertificate);
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  public X509Certificate nodeCertificate() {
    return nodeCertificate;
  }

  public PrivateKey nodeKey() {
    return nodeKey;
  }

  public String caCertPem() {
    return Pem.certificate(caCertificate);
  }

  public String nodeCertPem() {
    return Pem.certificate(nodeCertificate);
  }

  /** The node key as PKCS#8 PEM, which Vert.x's {@code PemKeyCertOptions} reads. */
  public String nodeKeyPem() {
    return Pem.privateKey(nodeKey);
  }

  @Override
  public String toString() {
    return "TlsMaterial[" + nodeCertificate.getSubjectX500Principal() + ", expires "
        + nodeCertificate.getNotAfter().toInstant() + "]";
  }
}
