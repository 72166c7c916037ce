package swarm.net.lb;

import java.time.Duration;
import java.util.List;
import swarm.core.dispatch.NetworkView;
import swarm.net.firewall.Nft;

/**
 * Programs VIP load balancing into tasks' network namespaces: {@link #apply} replaces the task's {@code ip
 * swarm_vip} table ({@link VipTable}) in one nftables transaction, so a backend that stopped or turned unhealthy
 * (the managers drop it from the view's task addresses) gets no new connection from the moment the call returns,
 * and connections already made keep their conntrack entries. Stateless and safe to call again with the same views
 * (a restarted daemon re-applies). Thread-safe: the kernel serialises transactions.
 */
public final class VipBalancer {
  private final Duration idleTimeout;

  /** Balancer whose VIP connections idle out after {@code idleTimeout}. */
  public VipBalancer(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /** Balancer with {@link LbSettings.VipIdleTimeout#get()}. */
  public static VipBalancer fromSettings() {
    return new VipBalancer(LbSettings.VipIdleTimeout.get());
  }

  /**
   * Makes the VIPs of the services on {@code views} (the networks {@code task} is attached to) balance to their
   * current backends; without any VIP the table goes.
   */
  public void apply(Netns task, List<NetworkView> views) {
    String script = VipTable.script(views, idleTimeout);
    if (script == null) {
      remove(task);
    } else {
      task.nft().apply(script);
    }
  }

  /** Removes the task's VIP table (nothing when there is none). */
  public void remove(Netns task) {
    task.nft().apply(Nft.deleteTable("ip", VipTable.TABLE));
  }
}
