package swarm.net.dns;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.dispatch.NetworkView;
import swarm.net.vxlan.OverlayNetworks;
import swarm.net.vxlan.TaskNetworkListener;

/**
 * Keeps the node's {@link DnsServer} in step with the tasks plugged into overlay networks: a task's resolver at
 * 127.0.0.11 opens when its namespace is plugged in (before its container starts), answers from the views of the
 * networks that task is on, and closes before its namespace goes. A daemon restarted with running tasks opens
 * their resolvers again on the first views. Called by {@link OverlayNetworks} under its lock.
 */
public final class TaskResolvers implements TaskNetworkListener {
  private static final Logger LOG = LoggerFactory.getLogger(TaskResolvers.class);

  private final OverlayNetworks overlays;
  private final DnsServer dns;

  public TaskResolvers(OverlayNetworks overlays, DnsServer dns) {
    this.overlays = overlays;
    this.dns = dns;
  }

  @Override
  public void attached(OverlayNetworks.AttachedTask task, List<NetworkView> views) {
    open(task, overlays.views());
  }

  @Override
  public void detaching(OverlayNetworks.AttachedTask task) {
    dns.detach(task.taskId());
  }

  @Override
  public void viewsChanged(List<NetworkView> views) {
    for (OverlayNetworks.AttachedTask t : overlays.attached()) {
      if (!dns.update(t.taskId(), visible(t, views))) {
        open(t, views); // adopted after a restart: its resolver is not open yet
      }
    }
  }

  private void open(OverlayNetworks.AttachedTask task, List<NetworkView> views) {
    try {
      dns.attach(task.taskId(), task.netns(), visible(task, views));
    } catch (RuntimeException e) {
      LOG.warn("cannot open the name server of task {}: {}", task.taskId(), e.getMessage());
    }
  }

  private static List<NetworkView> visible(OverlayNetworks.AttachedTask task, List<NetworkView> views) {
    return views.stream()
        .filter(v -> task.interfaces().stream().anyMatch(i -> i.networkId().equals(v.id()))).toList();
  }
}
