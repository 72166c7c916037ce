package swarm.manager.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import swarm.core.error.SwarmException;

/**
 * PEM text (RFC 7468) of certificates, private keys (PKCS#8 {@code PRIVATE KEY}; {@code EC PRIVATE KEY} is also
 * read) and certificate signing requests. Stateless and thread-safe. Malformed input is a {@link SwarmException} of
 * kind INVALID that says what was expected.
 */
public final class Pem {
  private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  public static String certificate(X509Certificate cert) {
    try {
      return encode("CERTIFICATE", cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
    }
  }

  /** The key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), which Vert.x, OpenSSL and Go all read. */
  public static String privateKey(PrivateKey key) {
    return encode("PRIVATE KEY", key.getEncoded());
  }

  public static String certificateRequest(byte[] der) {
    return encode("CERTIFICATE REQUEST", der);
  }

  public static X509Certificate parseCertificate(String pem) {
    if (!(read(pem, "certificate") instanceof X509CertificateHolder holder)) {
      throw SwarmException.invalid("expected a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw SwarmException.invalid("the PEM certificate is not a valid X.509 certificate: " + e.getMessage());
    }
  }

  /** Reads an ECDSA private key from PKCS#8 ({@code PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}) PEM. */
  public static PrivateKey parsePrivateKey(String pem) {
    Object object = read(pem, "private key");
    PrivateKeyInfo info;
    if (object instanceof PrivateKeyInfo pkcs8) {
      info = pkcs8;
    } else if (object instanceof PEMKeyPair pair) {
      info = pair.getPrivateKeyInfo();
    } else {
      throw SwarmException.invalid("expected a PEM private key (-----BEGIN PRIVATE KEY-----), not an encrypted key or "
          + "another object");
    }
    try {
      // KeyFactory "EC" directly: BouncyCastle's converter would ask the JDK for an "ECDSA" factory it may not have.
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw SwarmException.invalid("the PEM private key is not an ECDSA key: " + e.getMessage());
    }
  }

  /** Reads a PKCS#10 certificate signing request given as DER or as PEM text. */
  static PKCS10CertificationRequest parseCertificateRequest(byte[] derOrPem) {
    if (derOrPem == null || derOrPem.length == 0) {
      throw SwarmException.invalid("the certificate signing request is empty");
    }
    String text = new String(derOrPem, StandardCharsets.ISO_8859_1);
    if (text.stripLeading().startsWith("-----BEGIN")) {
      if (read(text, "certificate signing request") instanceof PKCS10CertificationRequest csr) {
        return csr;
      }
      throw SwarmException.invalid("expected a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)");
    }
    try {
      return new PKCS10CertificationRequest(derOrPem);
    } catch (IOException | RuntimeException e) {
      throw SwarmException.invalid("the certificate signing request is not PKCS#10 (DER or PEM): " + e.getMessage());
    }
  }

  private static String encode(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static Object read(String pem, String what) {
    if (pem == null || pem.isBlank()) {
      throw SwarmException.invalid("expected a PEM " + what + ", got nothing");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object == null) {
        throw SwarmException.invalid("expected a PEM " + what + " (-----BEGIN ...-----), found no PEM block");
      }
      return object;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SwarmException se) {
        throw se;
      }
      throw SwarmException.invalid("the PEM " + what + " is malformed: " + e.getMessage());
    }
  }
}
