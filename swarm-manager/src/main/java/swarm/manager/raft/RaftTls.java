package swarm.manager.raft;

import org.apache.ratis.grpc.GrpcTlsConfig;
import swarm.core.object.Node;
import swarm.manager.ca.TlsMaterial;

/**
 * Mutual TLS for every Raft connection (peer to peer, client to server, admin): Ratis's {@link GrpcTlsConfig} built
 * from the node's {@link TlsMaterial} as a key manager ({@link RenewableKeyManager}: a renewed certificate is used
 * without a restart) and trust manager, so no key file is written for Ratis. A peer
 * is accepted only if its chain validates against the swarm's root CA alone (the JDK's PKIX checks, host name
 * included when dialling) and its certificate names a MANAGER of the same cluster: a worker's certificate, valid as
 * it is elsewhere, cannot speak Raft. Stateless.
 */
final class RaftTls {
  private RaftTls() {}

  /** The configuration whose node certificate is {@code keys}' (replaceable on renewal). */
  static GrpcTlsConfig config(TlsMaterial tls, RenewableKeyManager keys) {
    String clusterId = tls.identity().clusterId();
    // Only managers of this cluster take part in its Raft group; a worker's certificate, valid elsewhere, cannot.
    return new GrpcTlsConfig(keys, tls.trustManager(
        peer -> peer.role() == Node.Role.MANAGER && peer.clusterId().equals(clusterId)), true);
  }
}
