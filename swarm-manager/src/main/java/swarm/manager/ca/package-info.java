/**
 * The swarm's certificate authority and join tokens (Swarm's {@code ca/} package).
 *
 * <p>Manager side: {@link swarm.manager.ca.RootCa} (the 20-year ECDSA P-256 root), {@link swarm.manager.ca.JoinToken}
 * and {@link swarm.manager.ca.JoinTokens} ({@code SWMTKN-1-<CA digest>-<secret>}), {@link
 * swarm.manager.ca.CertificateIssuer} (signs node certificates from a CSR) and {@link
 * swarm.manager.ca.CertificateAuthority}, the service that decides from a presented token which role a joining node
 * gets ({@link swarm.manager.ca.IssuedCertificate}), renews certificates and refuses removed nodes; {@link
 * swarm.manager.ca.NodeCertExpiry} is Swarm's {@code --cert-expiry}. {@link swarm.manager.ca.Pem} reads and writes
 * the PEM text of all of them.
 *
 * <p>Node side: {@link swarm.manager.ca.NodeKeyPair} makes the key and CSR, {@link swarm.manager.ca.RenewalSchedule}
 * says when to renew, {@link swarm.manager.ca.TlsMaterial} turns CA cert + node cert + key into a mutual-TLS {@code
 * SSLContext} or PEM strings for Vert.x and keeps them under {@code <dataDir>/certs/} ({@link
 * swarm.manager.ca.CertsDir}). {@link swarm.manager.ca.NodeIdentityCert} reads (node id, role, cluster id) back from a
 * peer's certificate for authorization.
 *
 * <p>BouncyCastle is used only as a library (ASN.1, certificate and CSR builders); it is never registered as a JCA
 * provider, so keys, signatures and TLS stay on the JDK's own providers.
 */
package swarm.manager.ca;
