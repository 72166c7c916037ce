package swarm.net.lb;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import swarm.core.dispatch.NetworkView;
import swarm.net.firewall.Nft;

/**
 * The routing mesh on one node: every published port of the ingress network answers on every local address of
 * the node and is balanced to the service's tasks wherever they run, over the node's mesh interface (its veth
 * into the ingress network, {@link MeshLink}). Keeps the {@link IngressTable} of the node's host namespace, a
 * {@link PortHolder} hold on each published port, and the sysctls the path needs there: IPv4 forwarding, and
 * {@code route_localnet} on the mesh interface so a connection to {@code 127.0.0.1:PORT} may leave through it.
 *
 * <p>Replies come back through this node because each task routes them by the MAC address they arrived from
 * ({@link IngressReturnPath}); conntrack here then undoes the DNAT. Synchronized: one {@link #apply} at a time.
 */
public final class IngressMesh implements AutoCloseable {
  private final Netns host;
  private final String meshInterface;
  private final PortHolder holder;
  private final Map<String, Closeable> held = new HashMap<>();
  /** The published ports last applied; null before the first apply and after remove or close. */
  private Map<String, IngressTable.Published> applied;

  /**
   * @param host the node's host namespace ({@link Netns#current()} in the daemon)
   * @param meshInterface the host side of the node's veth into the ingress network
   */
  public IngressMesh(Netns host, String meshInterface, PortHolder holder) {
    this.host = host;
    this.meshInterface = meshInterface;
    this.holder = holder;
  }

  /**
   * Makes the ingress view's published ports this node's mesh, replacing the previous table in one transaction
   * (established connections keep their conntrack entries and so their backend).
   *
   * @throws IllegalStateException naming the port when another program of this node holds a port to publish;
   *     nothing is changed then
   */
  public synchronized void apply(NetworkView ingress) {
    Map<String, IngressTable.Published> wanted = IngressTable.published(ingress);
    if (wanted.equals(applied)) {
      return; // the same ports and backends: the table in place is the one this view makes
    }
    host.sysctl("net.ipv4.ip_forward", "1");
    try {
      host.sysctl("net.ipv4.conf." + meshInterface + ".route_localnet", "1");
    } catch (IllegalStateException e) {
      throw new IllegalStateException("the mesh interface " + meshInterface + " is missing on this node: plug the "
          + "node into the ingress network (MeshLink.attach) before publishing (" + e.getMessage() + ")", e);
    }
    Map<String, Closeable> opened = new HashMap<>();
    try {
      for (Map.Entry<String, IngressTable.Published> e : wanted.entrySet()) {
        if (!held.containsKey(e.getKey())) {
          opened.put(e.getKey(), holder.hold(e.getValue().port()));
        }
      }
      host.nft().apply(IngressTable.script(wanted.values(), meshInterface));
    } catch (RuntimeException e) {
      opened.values().forEach(IngressMesh::closeQuietly);
      throw e;
    }
    held.putAll(opened);
    held.entrySet().removeIf(e -> {
      if (wanted.containsKey(e.getKey())) {
        return false;
      }
      closeQuietly(e.getValue());
      return true;
    });
    applied = wanted;
  }

  /** Removes the mesh from this node: its table and its holds on ports. The sysctls stay (others rely on them). */
  public synchronized void remove() {
    host.nft().apply(Nft.deleteTable("ip", IngressTable.TABLE));
    held.values().forEach(IngressMesh::closeQuietly);
    held.clear();
    applied = null;
  }

  /**
   * Lets go of the ports and leaves the table: what stopping the daemon does. Published ports keep working while
   * it is down, and the next daemon's {@link #apply} replaces the table without touching open connections.
   */
  @Override
  public synchronized void close() {
    held.values().forEach(IngressMesh::closeQuietly);
    held.clear();
    applied = null;
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // a hold that fails to close frees its port when the process ends; nothing else to do
    }
  }
}
