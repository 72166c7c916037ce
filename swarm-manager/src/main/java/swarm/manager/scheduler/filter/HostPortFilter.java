package swarm.manager.scheduler.filter;

import swarm.core.object.Task;
import swarm.core.spec.PortConfig;
import swarm.manager.scheduler.NodeInfo;

/**
 * No two active tasks on a node publish the same host-mode port (swarmkit's {@code HostPortFilter}): a node where a
 * task (ASSIGNED up to RUNNING, or placed earlier in the same pass) publishes port P/protocol in host mode cannot
 * take another task publishing P/protocol in host mode. Ingress ports go through the routing mesh, not the node's
 * own address, so they never conflict here. Stateless.
 */
public final class HostPortFilter implements NodeFilter {
  @Override
  public boolean accepts(NodeInfo node, Task task) {
    for (PortConfig p : task.endpoint().ports()) {
      if (p != null && p.isHostMode() && p.publishedPort() > 0 && node.usesHostPort(p)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String explain(int rejectedNodes) {
    return "host-mode port already in use on " + NodeFilter.nodes(rejectedNodes);
  }
}
