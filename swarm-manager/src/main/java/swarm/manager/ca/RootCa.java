package swarm.manager.ca;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import swarm.core.error.SwarmException;

/**
 * The swarm's root certificate authority: an ECDSA P-256 key and its self-signed X.509 v3 certificate ({@code
 * CN=swarm-ca}, 20 years, {@code CA:true}, key usage keyCertSign and cRLSign), Swarm's defaults. Immutable and
 * thread-safe. Managers keep it in {@code <dataDir>/certs/} ({@code ca.crt}, {@code ca.key} mode 0600).
 */
public final class RootCa {
  public static final String COMMON_NAME = "swarm-ca";
  /** Swarm's root validity: 630,720,000 s, 20 years of 365 days. */
  public static final Duration VALIDITY = Duration.ofSeconds(630_720_000L);
  /** How far back {@code notBefore} is set, so a peer whose clock runs a little behind still accepts new certs. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private RootCa(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /** A new root CA valid from now (less {@link #BACKDATE}) for {@link #VALIDITY}. */
  public static RootCa create(Clock clock) {
    KeyPair keys = P256.generate();
    Instant now = clock.instant();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, COMMON_NAME).build();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(keys.getPublic()));
      X509Certificate cert = CertificateIssuer.toX509(builder.build(
          new JcaContentSignerBuilder(P256.SIGNATURE_ALGORITHM).build(keys.getPrivate())));
      return new RootCa(cert, keys.getPrivate());
    } catch (CertIOException | OperatorCreationException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot create the root CA certificate", e);
    }
  }

  public static RootCa create() {
    return create(Clock.systemUTC());
  }

  /**
   * The root CA from its PEM certificate and key.
   *
   * @throws SwarmException INVALID if either is malformed, the certificate is not a CA or the key is not its key
   */
  public static RootCa fromPem(String certPem, String keyPem) {
    X509Certificate cert = Pem.parseCertificate(certPem);
    PrivateKey key = Pem.parsePrivateKey(keyPem);
    if (cert.getBasicConstraints() < 0) {
      throw SwarmException.invalid("certificate " + cert.getSubjectX500Principal() + " is not a CA certificate");
    }
    if (!P256.matches(key, cert.getPublicKey())) {
      throw SwarmException.invalid("the CA key does not belong to CA certificate " + cert.getSubjectX500Principal());
    }
    return new RootCa(cert, key);
  }

  /** Whether {@code dir} (a {@link CertsDir}) holds a root CA certificate and key. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(CertsDir.CA_CERT)) && Files.isRegularFile(dir.resolve(CertsDir.CA_KEY));
  }

  /** Reads {@code ca.crt} and {@code ca.key} from {@code dir}; NOT_FOUND if missing, INVALID if damaged. */
  public static RootCa load(Path dir) {
    return fromPem(CertsDir.read(dir, CertsDir.CA_CERT), CertsDir.read(dir, CertsDir.CA_KEY));
  }

  /** Writes {@code ca.key} (0600) then {@code ca.crt} into {@code dir}, each atomically. */
  public void save(Path dir) {
    CertsDir.write(dir, CertsDir.CA_KEY, keyPem(), true);
    CertsDir.write(dir, CertsDir.CA_CERT, certPem(), false);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public String certPem() {
    return Pem.certificate(certificate);
  }

  public String keyPem() {
    return Pem.privateKey(privateKey);
  }

  /** SHA-256 of the DER certificate: what a join token pins. */
  public byte[] sha256Digest() {
    return sha256Digest(certificate);
  }

  public static byte[] sha256Digest(X509Certificate cert) {
    Objects.requireNonNull(cert, "cert");
    try {
      return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot digest certificate " + cert.getSubjectX500Principal(), e);
    }
  }

  /** Positive, 127 random bits: unique without coordination between managers, within RFC 5280's 20 octets. */
  static BigInteger serialNumber() {
    return new BigInteger(127, RANDOM).setBit(126);
  }

  @Override
  public String toString() {
    return "RootCa[" + certificate.getSubjectX500Principal() + ", expires " + certificate.getNotAfter().toInstant()
        + "]";
  }

  /** Checks that {@code cert} was signed by this CA's key (the signature only, not dates or extensions). */
  boolean signed(X509Certificate cert) {
    try {
      cert.verify(certificate.getPublicKey());
      return cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
