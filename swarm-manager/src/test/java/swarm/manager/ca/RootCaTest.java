package swarm.manager.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;

class RootCaTest {
  private static final RootCa CA = RootCa.create(PkiFixture.CLOCK);

  @Test
  void theRootIsASelfSignedP256CaNamedSwarmCaValidForTwentyYears() throws Exception {
    X509Certificate cert = CA.certificate();

    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=swarm-ca");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    cert.verify(cert.getPublicKey());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(PkiFixture.NOW.plusSeconds(630_720_000L));
    assertThat(cert.getNotBefore().toInstant()).isBefore(PkiFixture.NOW);
  }

  @Test
  void theDigestIsSha256OfTheDerCertificate() throws Exception {
    assertThat(CA.sha256Digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(CA.certificate().getEncoded()))
        .hasSize(32);
  }

  @Test
  void pemRoundTripKeepsCertificateAndKey() {
    RootCa back = RootCa.fromPem(CA.certPem(), CA.keyPem());

    assertThat(CA.certPem()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    assertThat(CA.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(back.certificate()).isEqualTo(CA.certificate());
    assertThat(back.privateKey().getEncoded()).isEqualTo(CA.privateKey().getEncoded());
  }

  @Test
  void aKeyThatIsNotTheCasKeyIsRefused() {
    RootCa other = RootCa.create(PkiFixture.CLOCK);

    assertThatThrownBy(() -> RootCa.fromPem(CA.certPem(), other.keyPem()))
        .isInstanceOf(SwarmException.class).hasMessageContaining("does not belong to CA certificate");
  }

  @Test
  void garbageIsNotACertificate() {
    assertThatThrownBy(() -> RootCa.fromPem("hello", CA.keyPem()))
        .isInstanceOf(SwarmException.class).hasMessageContaining("expected a PEM certificate");
    assertThatThrownBy(() -> RootCa.fromPem(CA.keyPem(), CA.keyPem()))
        .isInstanceOf(SwarmException.class).hasMessageContaining("expected a PEM certificate");
  }

  @Test
  void aSavedCaLoadsBackAndItsKeyIsReadableByTheOwnerOnly(@TempDir Path dataDir) throws Exception {
    Path certs = CertsDir.of(dataDir);
    assertThat(RootCa.exists(certs)).isFalse();

    CA.save(certs);
    CA.save(certs); // overwriting is fine

    assertThat(RootCa.exists(certs)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs))).isEqualTo("rwx------");
    try (var files = Files.list(certs)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.crt", "ca.key");
    }
    RootCa loaded = RootCa.load(certs);
    assertThat(loaded.certificate()).isEqualTo(CA.certificate());
    assertThat(loaded.sha256Digest()).isEqualTo(CA.sha256Digest());
  }

  @Test
  void loadingFromAnEmptyDirectorySaysWhatIsMissing(@TempDir Path dir) {
    assertThatThrownBy(() -> RootCa.load(dir))
        .isInstanceOfSatisfying(SwarmException.class,
            e -> assertThat(e.kind()).isEqualTo(SwarmException.Kind.NOT_FOUND))
        .hasMessageContaining("ca.crt does not exist");
  }
}
