package swarm.net.vxlan;

import java.util.List;
import swarm.core.dispatch.NetworkView;

/**
 * Told by {@link OverlayNetworks} what the tasks of this node are plugged into, so that what lives inside a task's
 * namespace (the VIP load balancing table, the embedded DNS server's address) can be set up and torn down with it,
 * and kept current as the managers' views change. Called with {@link OverlayNetworks}' lock held, in order; a
 * listener must not block for long and may read {@link OverlayNetworks#views()}. An exception is logged and does
 * not undo the attachment.
 */
public interface TaskNetworkListener {
  /** The task's namespace has its interfaces up on its networks; its container has not started yet. */
  default void attached(OverlayNetworks.AttachedTask task, List<NetworkView> views) {}

  /** The task's interfaces are about to be removed (its container has stopped). */
  default void detaching(OverlayNetworks.AttachedTask task) {}

  /** New views from the managers (every push, changed or not), after the forwarding entries were programmed. */
  default void viewsChanged(List<NetworkView> views) {}
}
