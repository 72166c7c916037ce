package swarm.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;

class CertificateAuthorityTest {
  private static final String CLUSTER = "cluster1";
  private final CertificateAuthority ca = PkiFixture.authority(CLUSTER);
  private final NodeKeyPair keys = NodeKeyPair.generate();

  @Test
  void theWorkerTokenMakesAWorker() {
    IssuedCertificate issued = ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1");

    assertThat(issued.role()).isEqualTo(Node.Role.WORKER);
    assertThat(NodeIdentityCert.of(issued.certificate()))
        .isEqualTo(new NodeIdentityCert("n1", Node.Role.WORKER, CLUSTER));
    assertThat(issued.certificate().getSubjectX500Principal().getName()).contains("OU=swarm-worker");
  }

  @Test
  void theManagerTokenMakesAManager() {
    IssuedCertificate issued = ca.issue(ca.joinTokens().manager(), keys.csr("n1"), "n1");

    assertThat(issued.role()).isEqualTo(Node.Role.MANAGER);
    assertThat(issued.certificate().getSubjectX500Principal().getName()).contains("OU=swarm-manager");
  }

  @Test
  void theIssuedCertificateChainsToTheCaAndNamesNodeRoleAndCluster() throws Exception {
    InetAddress ip = InetAddress.getByName("10.1.2.3");
    X509Certificate cert = ca.issue(ca.joinTokens().worker(), keys.csrPem("n1").getBytes(), "n1", List.of(ip))
        .certificate();

    assertThat(validates(cert, ca.rootCa())).isTrue();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=n1,OU=swarm-worker,O=cluster1");
    assertThat(cert.getPublicKey()).isEqualTo(keys.publicKey());
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "swarm-worker"), List.of(2, "n1"),
        List.of(7, "10.1.2.3"));
  }

  @Test
  void theSubjectTheNodeAskedForIsIgnored() {
    X509Certificate cert = ca.issue(ca.joinTokens().worker(), keys.csr("root-of-all-evil"), "n1").certificate();

    assertThat(NodeIdentityCert.of(cert).nodeId()).isEqualTo("n1");
  }

  @Test
  void aCertificateFromAnotherCaFailsVerification() {
    CertificateAuthority other = PkiFixture.authority(CLUSTER);
    X509Certificate foreign = other.issue(other.joinTokens().worker(), keys.csr("n1"), "n1").certificate();

    assertThatThrownBy(() -> foreign.verify(ca.rootCa().certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
    assertThat(validates(foreign, ca.rootCa())).isFalse();
  }

  @Test
  void aRotatedAwayTokenIsRefused() {
    JoinToken old = ca.joinTokens().worker();
    JoinTokens rotated = ca.rotateJoinToken(Node.Role.WORKER);

    assertThat(rotated.manager()).isEqualTo(ca.joinTokens().manager());
    assertRefusedAsInvalidToken(() -> ca.issue(old, keys.csr("n1"), "n1"));
    assertThat(ca.issue(rotated.worker(), keys.csr("n1"), "n1").role()).isEqualTo(Node.Role.WORKER);
  }

  @Test
  void aTokenOfAnotherCaIsRefusedEvenWithOurSecret() {
    // What a man in the middle relaying our secret under its own CA's digest would present.
    String ourSecret = ca.joinTokens().worker().text().substring(60);
    String foreignDigest = JoinToken.generate(RootCa.create(PkiFixture.CLOCK)).text().substring(0, 60);

    assertRefusedAsInvalidToken(() -> ca.issue(JoinToken.parse(foreignDigest + ourSecret), keys.csr("n1"), "n1"));
  }

  @Test
  void aWellFormedTokenNobodyIssuedIsRefused() {
    assertRefusedAsInvalidToken(() -> ca.issue(ca.joinTokens().worker().rotate(), keys.csr("n1"), "n1"));
  }

  @Test
  void theDefaultExpiryIsNinetyDays() {
    X509Certificate cert = ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1").certificate();

    assertThat(cert.getNotAfter().toInstant()).isEqualTo(PkiFixture.NOW.plus(Duration.ofDays(90)));
  }

  @Test
  void theConfiguredExpiryIsHonoured() {
    ca.setNodeCertExpiry(NodeCertExpiry.of(Duration.ofHours(1)));
    X509Certificate cert = ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1").certificate();

    assertThat(cert.getNotAfter().toInstant()).isEqualTo(PkiFixture.NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void anExpiryUnderOneHourIsRefusedWithTheMinimum() {
    assertThatThrownBy(() -> NodeCertExpiry.of(Duration.ofMinutes(59)))
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID))
        .hasMessage("node certificate expiry must be at least 1h0m0s, got 0h59m0s");
  }

  @Test
  void aRemovedNodeCanNeitherJoinNorRenew() {
    X509Certificate current = ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1").certificate();
    ca.markRemoved("n1");

    assertRefused(() -> ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1"), "node n1 was removed from the swarm");
    assertRefused(() -> ca.renew(current, NodeKeyPair.generate().csr("n1")), "node n1 was removed from the swarm");
    assertThat(ca.removedNodeIds()).containsExactly("n1");
  }

  @Test
  void renewalKeepsTheIdentityAndAddressesWithTheNewKey() throws Exception {
    X509Certificate current = ca.issue(ca.joinTokens().manager(), keys.csr("n1"), "n1",
        List.of(InetAddress.getByName("10.0.0.7"))).certificate();
    NodeKeyPair fresh = NodeKeyPair.generate();

    IssuedCertificate renewed = ca.renew(current, fresh.csr("n1"));

    assertThat(NodeIdentityCert.of(renewed.certificate())).isEqualTo(NodeIdentityCert.of(current));
    assertThat(renewed.certificate().getPublicKey()).isEqualTo(fresh.publicKey());
    assertThat(renewed.certificate().getSubjectAlternativeNames()).contains(List.of(7, "10.0.0.7"));
    assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(current.getSerialNumber());
  }

  @Test
  void renewalCanCarryAPromotion() {
    X509Certificate current = ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1").certificate();

    IssuedCertificate renewed = ca.renew(current, keys.csr("n1"), Node.Role.MANAGER, List.of());

    assertThat(renewed.role()).isEqualTo(Node.Role.MANAGER);
    assertThat(NodeIdentityCert.of(renewed.certificate()).role()).isEqualTo(Node.Role.MANAGER);
  }

  @Test
  void anExpiredCertificateCannotBeRenewed() {
    X509Certificate current = ca.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1").certificate();
    CertificateAuthority later = new CertificateAuthority(CLUSTER, ca.rootCa(), ca.joinTokens(),
        NodeCertExpiry.DEFAULT, Clock.fixed(PkiFixture.NOW.plus(Duration.ofDays(91)), ZoneOffset.UTC));

    assertRefused(() -> later.renew(current, keys.csr("n1")), "the node must join again with a join token");
  }

  @Test
  void aCertificateOfAnotherCaOrClusterCannotBeRenewed() {
    CertificateAuthority other = PkiFixture.authority(CLUSTER);
    X509Certificate foreign = other.issue(other.joinTokens().worker(), keys.csr("n1"), "n1").certificate();
    CertificateAuthority sameRootOtherCluster = new CertificateAuthority("cluster2", ca.rootCa(), ca.joinTokens(),
        NodeCertExpiry.DEFAULT, PkiFixture.CLOCK);
    X509Certificate otherCluster = sameRootOtherCluster.issue(ca.joinTokens().worker(), keys.csr("n1"), "n1")
        .certificate();

    assertRefused(() -> ca.renew(foreign, keys.csr("n1")), "was not issued by this swarm's CA");
    assertRefused(() -> ca.renew(otherCluster, keys.csr("n1")), "belongs to cluster cluster2, not cluster1");
  }

  @Test
  void aRequestForAKeyOnAnotherCurveIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = generator.generateKeyPair();
    byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=n1"), p384.getPublic())
        .build(new JcaContentSignerBuilder("SHA384withECDSA").build(p384.getPrivate())).getEncoded();

    assertRefused(() -> ca.issue(ca.joinTokens().worker(), csr, "n1"), "must be for an ECDSA P-256 key");
  }

  @Test
  void aRequestNotSignedByItsOwnKeyIsRefused() throws Exception {
    NodeKeyPair other = NodeKeyPair.generate();
    byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=n1"), keys.publicKey())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.privateKey())).getEncoded();

    assertRefused(() -> ca.issue(ca.joinTokens().worker(), csr, "n1"), "not signed by the key");
  }

  @Test
  void garbageIsNotACertificateRequest() {
    assertRefused(() -> ca.issue(ca.joinTokens().worker(), new byte[] {1, 2, 3}, "n1"), "not PKCS#10");
    assertRefused(() -> ca.issue(ca.joinTokens().worker(), "-----BEGIN NONSENSE-----\n".getBytes(), "n1"),
        "certificate signing request");
  }

  @Test
  void tokensOfAnotherCaCannotBeInstalled() {
    JoinTokens foreign = JoinTokens.generate(RootCa.create(PkiFixture.CLOCK));

    assertThatThrownBy(() -> ca.replaceJoinTokens(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRefusedAsInvalidToken(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID))
        .hasMessage("invalid join token");
  }

  private static void assertRefused(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SwarmException.class, e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.INVALID))
        .hasMessageContaining(message);
  }

  /** PKIX path validation with {@code root} as the only trust anchor, at the fixture's time. */
  private static boolean validates(X509Certificate cert, RootCa root) {
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(PkiFixture.NOW));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), parameters);
      return true;
    } catch (CertPathValidatorException e) {
      return false;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
