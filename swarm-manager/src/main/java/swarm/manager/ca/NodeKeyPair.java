package swarm.manager.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A joining (or renewing) node's own ECDSA P-256 key pair and the certificate signing request it sends to a manager.
 * The private key never leaves the node. A new pair per join and per renewal, as Swarm does. Immutable and
 * thread-safe.
 */
public final class NodeKeyPair {
  private final KeyPair keys;

  private NodeKeyPair(KeyPair keys) {
    this.keys = keys;
  }

  public static NodeKeyPair generate() {
    return new NodeKeyPair(P256.generate());
  }

  /**
   * A PKCS#10 request (DER) signed by this key. The subject says {@code CN=<nodeId>} only as a hint: the CA ignores it
   * and writes the subject itself.
   */
  public byte[] csr(String nodeId) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(
          new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, nodeId).build(), keys.getPublic())
          .build(new JcaContentSignerBuilder(P256.SIGNATURE_ALGORITHM).build(keys.getPrivate())).getEncoded();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate request with ECDSA P-256", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #csr} as PEM ({@code -----BEGIN CERTIFICATE REQUEST-----}). */
  public String csrPem(String nodeId) {
    return Pem.certificateRequest(csr(nodeId));
  }

  public PrivateKey privateKey() {
    return keys.getPrivate();
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  public String privateKeyPem() {
    return Pem.privateKey(keys.getPrivate());
  }

  @Override
  public String toString() {
    return "NodeKeyPair[ECDSA P-256]";
  }
}
