package swarm.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;

class TlsMaterialTest {
  private static final int ANSWER = 42;
  private static final CertificateAuthority CA = PkiFixture.liveAuthority("cluster1");
  private static final CertificateAuthority OTHER_CA = PkiFixture.liveAuthority("cluster1");
  private static final TlsMaterial MANAGER = PkiFixture.enroll(CA, "m1", Node.Role.MANAGER);
  private static final TlsMaterial WORKER = PkiFixture.enroll(CA, "w1", Node.Role.WORKER);

  /** What each side of one connection saw: the peer's identity (or 42 read) on success, else the exception. */
  private record Outcome(Object server, Object client, String protocol) {}

  @Test
  void twoNodesOfTheSwarmShakeHandsAndSeeEachOthersIdentity() throws Exception {
    Outcome outcome = connect(MANAGER.sslContext(), WORKER.sslContext());

    assertThat(outcome.server()).isEqualTo(new NodeIdentityCert("w1", Node.Role.WORKER, "cluster1"));
    assertThat(outcome.client()).isEqualTo(ANSWER);
    assertThat(outcome.protocol()).isIn(TlsMaterial.PROTOCOLS);
  }

  @Test
  void aClientWithACertificateFromAnotherCaIsRefused() throws Exception {
    TlsMaterial stranger = PkiFixture.enroll(OTHER_CA, "w1", Node.Role.WORKER);
    // The stranger trusts our CA, so only the server's check can stop it.
    SSLContext strangerTrustingUs = plainContext(stranger.nodeCertificate(), stranger.nodeKey());

    Outcome outcome = connect(MANAGER.sslContext(), strangerTrustingUs);

    assertThat(outcome.server()).isInstanceOf(SSLHandshakeException.class);
    assertThat(outcome.client()).isInstanceOf(IOException.class);
  }

  @Test
  void aClientWithoutACertificateIsRefused() throws Exception {
    SSLContext anonymous = plainContext(null, null);

    Outcome outcome = connect(MANAGER.sslContext(), anonymous);

    assertThat(outcome.server()).isInstanceOf(SSLHandshakeException.class);
    assertThat(outcome.client()).isInstanceOf(IOException.class);
  }

  @Test
  void aClientRefusesAServerOfAnotherCa() throws Exception {
    TlsMaterial impostor = PkiFixture.enroll(OTHER_CA, "m1", Node.Role.MANAGER);

    Outcome outcome = connect(impostor.sslContext(), WORKER.sslContext());

    assertThat(outcome.client()).isInstanceOf(SSLHandshakeException.class);
    assertThat(outcome.server()).isInstanceOf(IOException.class);
  }

  @Test
  void theServersPolicyRefusesARemovedNodeWhoseCertificateIsStillValid() throws Exception {
    CertificateAuthority ca = PkiFixture.liveAuthority("cluster1");
    TlsMaterial manager = PkiFixture.enroll(ca, "m1", Node.Role.MANAGER);
    TlsMaterial removed = PkiFixture.enroll(ca, "w8", Node.Role.WORKER);
    ca.markRemoved("w8");
    SSLContext server = manager.sslContext(peer -> !ca.isRemoved(peer.nodeId()));

    Outcome outcome = connect(server, removed.sslContext());

    assertThat(outcome.server()).isInstanceOf(SSLHandshakeException.class);
    assertThat(((Exception) outcome.server()).getCause())
        .hasMessageContaining("node w8 (swarm-worker, cluster cluster1) is not accepted here");
    assertThat(outcome.client()).isInstanceOf(IOException.class);
  }

  @Test
  void onlyTls12And13AreEnabledAndServersRequireAClientCertificate() throws Exception {
    SSLContext context = MANAGER.sslContext();
    SSLEngine engine = context.createSSLEngine();

    assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    assertThat(engine.getNeedClientAuth()).isTrue();
    assertThat(context.getDefaultSSLParameters().getProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      assertThat(server.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
      assertThat(server.getNeedClientAuth()).isTrue();
    }
    try (SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket()) {
      assertThat(client.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }
  }

  @Test
  void pemRoundTripGivesTheSameMaterial() {
    TlsMaterial back = TlsMaterial.fromPem(WORKER.caCertPem(), WORKER.nodeCertPem(), WORKER.nodeKeyPem());

    assertThat(back.caCertificate()).isEqualTo(WORKER.caCertificate());
    assertThat(back.nodeCertificate()).isEqualTo(WORKER.nodeCertificate());
    assertThat(back.nodeKey().getEncoded()).isEqualTo(WORKER.nodeKey().getEncoded());
    assertThat(WORKER.nodeKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
    assertThat(WORKER.nodeCertPem().lines().filter(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64))
        .isTrue();
  }

  @Test
  void aCertificateRequestSurvivesPem() {
    NodeKeyPair keys = NodeKeyPair.generate();

    assertThat(keys.csrPem("n1")).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
    X509Certificate cert = CA.issue(CA.joinTokens().worker(), keys.csrPem("n1").getBytes(), "n1").certificate();
    assertThat(cert.getPublicKey()).isEqualTo(keys.publicKey());
    assertThat(Pem.parsePrivateKey(keys.privateKeyPem()).getEncoded()).isEqualTo(keys.privateKey().getEncoded());
  }

  @Test
  void materialWhoseCertificateIsNotFromItsCaOrWhoseKeyIsNotItsKeyIsRefused() {
    TlsMaterial stranger = PkiFixture.enroll(OTHER_CA, "w1", Node.Role.WORKER);

    assertThatThrownBy(() -> new TlsMaterial(OTHER_CA.rootCa().certificate(), WORKER.nodeCertificate(),
        WORKER.nodeKey())).isInstanceOf(SwarmException.class).hasMessageContaining("is not signed by CA");
    assertThatThrownBy(() -> new TlsMaterial(CA.rootCa().certificate(), WORKER.nodeCertificate(),
        stranger.nodeKey())).isInstanceOf(SwarmException.class).hasMessageContaining("does not belong");
  }

  @Test
  void savedMaterialLoadsBackAndTheKeyIsReadableByTheOwnerOnly(@TempDir Path dataDir) throws Exception {
    Path certs = CertsDir.of(dataDir);
    assertThat(TlsMaterial.exists(certs)).isFalse();

    WORKER.save(certs);
    MANAGER.save(certs); // a renewal (or promotion) replaces the files

    try (var files = Files.list(certs)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.crt", "node.crt",
          "node.key");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("node.key"))))
        .isEqualTo("rw-------");
    TlsMaterial loaded = TlsMaterial.load(certs);
    assertThat(loaded.identity()).isEqualTo(MANAGER.identity());
    assertThat(loaded.nodeKey().getEncoded()).isEqualTo(MANAGER.nodeKey().getEncoded());
  }

  @Test
  void aKeyFileThatNoLongerMatchesItsCertificateIsReported(@TempDir Path certs) throws Exception {
    WORKER.save(certs);
    Files.writeString(certs.resolve("node.key"), MANAGER.nodeKeyPem());

    assertThatThrownBy(() -> TlsMaterial.load(certs)).isInstanceOf(SwarmException.class)
        .hasMessageContaining("the node key does not belong to node certificate");
  }

  /** A JDK context trusting our CA, with {@code cert} and {@code key} as its identity (none if null). */
  private static SSLContext plainContext(X509Certificate cert, PrivateKey key) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", CA.rootCa().certificate());
    KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
    if (cert != null) {
      store.setKeyEntry("node", key, "pw".toCharArray(), new X509Certificate[] {cert});
    }
    keys.init(store, "pw".toCharArray());
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(cert == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static void closeQuietly(SSLSocket socket) {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // the peer may have hung up first; the outcome was already decided
    }
  }

  /** One connection over loopback: the server reads the client's identity and writes 42, the client reads it. */
  private static Outcome connect(SSLContext server, SSLContext client) throws Exception {
    try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(5_000);
      CompletableFuture<Object> serverSide = CompletableFuture.supplyAsync(() -> {
        SSLSocket socket = null;
        try {
          socket = (SSLSocket) listener.accept();
          socket.setSoTimeout(5_000);
          socket.startHandshake();
          NodeIdentityCert peer = NodeIdentityCert.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
          socket.getOutputStream().write(ANSWER);
          socket.getOutputStream().flush();
          return peer;
        } catch (Exception e) {
          return e;
        } finally {
          closeQuietly(socket);
        }
      });
      Object clientSide;
      String protocol = null;
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
          listener.getLocalPort())) {
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        protocol = socket.getSession().getProtocol();
        int read = socket.getInputStream().read();
        clientSide = read == -1 ? new IOException("connection closed before the answer") : (Object) read;
      } catch (IOException e) {
        clientSide = e;
      }
      return new Outcome(serverSide.get(10, TimeUnit.SECONDS), clientSide, protocol);
    }
  }
}
