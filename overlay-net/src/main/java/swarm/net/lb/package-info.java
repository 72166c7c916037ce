/**
 * Load balancing with nftables, programmed from the managers' {@link swarm.core.dispatch.NetworkView}s; no
 * userland copying on the data path.
 *
 * <ul>
 *   <li>{@link swarm.net.lb.VipBalancer} — in each task's namespace, a service's VIP is DNATed to one of its
 *       healthy tasks per connection, with an explicit conntrack idle timeout ({@link swarm.net.lb.LbSettings});</li>
 *   <li>{@link swarm.net.lb.IngressMesh} — in each node's host namespace, the routing mesh: published ports DNATed
 *       to the service's tasks over the ingress network, without source NAT, each port held by a
 *       {@link swarm.net.lb.PortHolder};</li>
 *   <li>{@link swarm.net.lb.IngressReturnPath} — in each task's namespace on the ingress network, routes replies
 *       back through the node that DNATed the connection (by the node's mesh MAC address);</li>
 *   <li>{@link swarm.net.lb.MeshLink} — the veth that plugs a node's host namespace into the ingress network;</li>
 *   <li>{@link swarm.net.lb.Netns} — where the commands run.</li>
 * </ul>
 *
 * <p>The backend of a mesh connection sees the client's own address when the connection arrives at a node from
 * another host (or from this node's own non-loopback address); a client on 127.0.0.0/8 is masqueraded behind the
 * node's mesh address. docs/design/load-balancing.md says exactly when the guarantee holds.
 */
package swarm.net.lb;
