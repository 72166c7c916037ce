package swarm.manager.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import swarm.core.error.SwarmException;

/**
 * Signs node certificates with the root CA's key from a node's PKCS#10 request. The CA decides the subject ({@link
 * NodeIdentityCert}: CN node id, OU role, O cluster id); of the request only the public key is used, after checking
 * it is ECDSA P-256 and that the request is signed by it (proof the node holds the private key). Certificates carry
 * extended key usage serverAuth and clientAuth (a node is both), and subject alternative names {@code swarm-manager}
 * or {@code swarm-worker}, the node id and any given IP addresses. Immutable and thread-safe. Deciding whether a node
 * may have a certificate at all is {@link CertificateAuthority}'s job.
 */
public final class CertificateIssuer {
  private final RootCa ca;
  private final Clock clock;

  public CertificateIssuer(RootCa ca, Clock clock) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A certificate for {@code identity} over the key in {@code csr} (DER or PEM), valid from now (less a few minutes
   * for clock skew) for {@code expiry}, never beyond the root CA's own expiry.
   *
   * @throws SwarmException INVALID if the request is malformed, not self-signed, or not an ECDSA P-256 key
   */
  public X509Certificate issue(byte[] csr, NodeIdentityCert identity, NodeCertExpiry expiry,
                               List<InetAddress> ipAddresses) {
    SubjectPublicKeyInfo key = verifiedKey(Pem.parseCertificateRequest(csr));
    Instant now = clock.instant();
    Instant notAfter = now.plus(expiry.duration());
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, RootCa.serialNumber(),
          Date.from(now.minus(RootCa.BACKDATE)), Date.from(notAfter), identity.subject(), key)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, alternativeNames(identity, ipAddresses))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return toX509(builder.build(new JcaContentSignerBuilder(P256.SIGNATURE_ALGORITHM).build(ca.privateKey())));
    } catch (CertIOException | OperatorCreationException | NoSuchAlgorithmException
             | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot sign the certificate of node " + identity.nodeId(), e);
    }
  }

  public RootCa rootCa() {
    return ca;
  }

  private static SubjectPublicKeyInfo verifiedKey(PKCS10CertificationRequest csr) {
    SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
    if (!P256.isP256(key)) {
      throw SwarmException.invalid("the certificate signing request must be for an ECDSA P-256 key, got algorithm "
          + key.getAlgorithm().getAlgorithm() + " " + key.getAlgorithm().getParameters());
    }
    try {
      // As a JCA key: BouncyCastle would look the key factory up by OID, which the JDK's EC provider does not alias.
      PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.getEncoded()));
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
        throw SwarmException.invalid("the certificate signing request is not signed by the key it asks a "
            + "certificate for");
      }
    } catch (OperatorCreationException | PKCSException | GeneralSecurityException | IOException e) {
      throw SwarmException.invalid("cannot check the signature of the certificate signing request: " + e.getMessage());
    }
    return key;
  }

  private static GeneralNames alternativeNames(NodeIdentityCert identity, List<InetAddress> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, identity.organizationalUnit()));
    names.add(new GeneralName(GeneralName.dNSName, identity.nodeId()));
    for (InetAddress ip : new LinkedHashSet<>(ipAddresses)) {
      names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  static X509Certificate toX509(X509CertificateHolder holder) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read back a certificate just built", e);
    }
  }
}
