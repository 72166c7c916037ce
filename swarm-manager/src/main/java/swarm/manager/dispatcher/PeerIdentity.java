package swarm.manager.dispatcher;

import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.manager.ca.NodeIdentityCert;

/**
 * Who is on the other end of a request, from the client certificate TLS already verified against the swarm's CA: the
 * node id (CN), role (OU) and cluster (O). Empty for a connection without TLS or without a client certificate, or a
 * certificate that names no swarm node. Stateless.
 */
public final class PeerIdentity implements Function<RoutingContext, Optional<NodeIdentityCert>> {
  private static final Logger LOG = LoggerFactory.getLogger(PeerIdentity.class);
  public static final PeerIdentity FROM_CLIENT_CERTIFICATE = new PeerIdentity();

  private PeerIdentity() {}

  @Override
  public Optional<NodeIdentityCert> apply(RoutingContext ctx) {
    if (!ctx.request().connection().isSsl()) {
      return Optional.empty();
    }
    try {
      return of(ctx.request().connection().peerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** The identity in the first (leaf) certificate of a verified chain. */
  static Optional<NodeIdentityCert> of(List<Certificate> chain) {
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
      return Optional.empty();
    }
    try {
      return Optional.of(NodeIdentityCert.of(leaf));
    } catch (SwarmException e) {
      LOG.debug("peer certificate {} names no swarm node: {}", leaf.getSubjectX500Principal(), e.getMessage());
      return Optional.empty();
    }
  }
}
