package swarm.manager.ca;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import swarm.core.error.SwarmException;
import swarm.core.object.Node;

/**
 * Who a node certificate speaks for, as Swarm writes it in the subject: CN = node id, OU = role ({@value
 * #WORKER_OU} or {@value #MANAGER_OU}), O = cluster id. Servers read it from a peer's certificate (after TLS has
 * verified the chain) to authorize by role. Immutable and thread-safe.
 *
 * @param nodeId    the node's id
 * @param role      worker or manager
 * @param clusterId the id of the swarm the node belongs to
 */
public record NodeIdentityCert(String nodeId, Node.Role role, String clusterId) {
  public static final String WORKER_OU = "swarm-worker";
  public static final String MANAGER_OU = "swarm-manager";
  /** Node and cluster ids: Swarm's are 25 base-36 characters; allow any short DNS-label-like name. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public NodeIdentityCert {
    Objects.requireNonNull(role, "role");
    requireId(nodeId, "node id");
    requireId(clusterId, "cluster id");
  }

  /**
   * Reads the identity from a node certificate's subject. It does not verify the certificate: TLS (or {@link
   * CertificateAuthority#renew}) does that first.
   *
   * @throws SwarmException INVALID if the subject lacks exactly one CN, OU and O, or the OU is not a swarm role
   */
  public static NodeIdentityCert of(X509Certificate cert) {
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    String nodeId = single(subject, BCStyle.CN, "CN (node id)");
    String ou = single(subject, BCStyle.OU, "OU (role)");
    String clusterId = single(subject, BCStyle.O, "O (cluster id)");
    return new NodeIdentityCert(nodeId, roleOf(ou), clusterId);
  }

  public static String organizationalUnit(Node.Role role) {
    return role == Node.Role.MANAGER ? MANAGER_OU : WORKER_OU;
  }

  /** The role an OU names; INVALID for anything but {@value #WORKER_OU} and {@value #MANAGER_OU}. */
  public static Node.Role roleOf(String organizationalUnit) {
    return switch (organizationalUnit) {
      case WORKER_OU -> Node.Role.WORKER;
      case MANAGER_OU -> Node.Role.MANAGER;
      default -> throw SwarmException.invalid("certificate OU '" + organizationalUnit + "' is not a swarm role ("
          + WORKER_OU + " or " + MANAGER_OU + ")");
    };
  }

  public String organizationalUnit() {
    return organizationalUnit(role);
  }

  /** Whether {@code id} can be a node or cluster id in a certificate subject. */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** The certificate subject {@code O=<cluster>, OU=<role>, CN=<node>}. */
  X500Name subject() {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, clusterId)
        .addRDN(BCStyle.OU, organizationalUnit()).addRDN(BCStyle.CN, nodeId).build();
  }

  private static String single(X500Name subject, ASN1ObjectIdentifier type, String what) {
    RDN[] rdns = subject.getRDNs(type);
    if (rdns.length != 1 || rdns[0].isMultiValued() || !(rdns[0].getFirst().getValue() instanceof ASN1String value)) {
      throw SwarmException.invalid("certificate '" + subject + "' is not a swarm node certificate: it needs exactly "
          + "one " + what);
    }
    return value.getString();
  }

  private static void requireId(String id, String what) {
    if (!isValidId(id)) {
      throw SwarmException.invalid("'" + id + "' is not a valid " + what + ": use 1 to 64 letters, digits, '.', '_' "
          + "or '-', starting with a letter or digit");
    }
  }
}
