package swarm.manager.ca;

import swarm.core.error.SwarmException;
import swarm.core.object.Cluster;
import swarm.manager.controlapi.TokenRotation;

/**
 * {@code swarm join-token --rotate}: new secrets for the asked roles, same CA digest. Runs on the
 * API thread before the change is committed (the new tokens go into the same log entry), so every
 * manager refuses the old token as soon as the entry applies. Stateless and thread-safe.
 */
public final class JoinTokenRotation implements TokenRotation {
  public static final JoinTokenRotation INSTANCE = new JoinTokenRotation();

  private JoinTokenRotation() {}

  @Override
  public Cluster.RootCA rotate(Cluster.RootCA current, boolean worker, boolean manager) {
    if (current == null || current.joinTokens() == null) {
      throw SwarmException.unavailable("this swarm has no join tokens: it was created without --advertise-addr");
    }
    Cluster.JoinTokens t = current.joinTokens();
    String w = worker ? JoinToken.parse(t.worker()).rotate().text() : t.worker();
    String m = manager ? JoinToken.parse(t.manager()).rotate().text() : t.manager();
    return new Cluster.RootCA(current.caCert(), current.caKey(), new Cluster.JoinTokens(w, m));
  }
}
