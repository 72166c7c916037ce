package swarm.worker.session;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway swarm CA for session tests: node certificates with CN = node id, OU = role, O = cluster. */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private final KeyPair caKeys = generate();
  private final X509CertificateHolder ca;

  TestPki() {
    ca = sign(new X500Name("CN=swarm-ca"), caKeys, new X500Name("CN=swarm-ca"), caKeys.getPrivate(), true);
  }

  String caPem() {
    return pem(ca);
  }

  ManagerTls node(String nodeId, String role) {
    KeyPair keys = generate();
    X509CertificateHolder cert = sign(new X500Name("O=cluster1, OU=" + role + ", CN=" + nodeId), keys,
        ca.getSubject(), caKeys.getPrivate(), false);
    return new ManagerTls(caPem(), pem(cert), keyPem(keys.getPrivate()));
  }

  private static X509CertificateHolder sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
                                            boolean isCa) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
          keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(X509CertificateHolder cert) {
    try {
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(cert);
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCS#8, which Vert.x's PEM options read. */
  private static String keyPem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
