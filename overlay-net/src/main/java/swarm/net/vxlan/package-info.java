/**
 * The VXLAN overlay data plane of one node (Docker's overlay driver): per overlay network with tasks here, a
 * network namespace with a bridge and a VXLAN device; per task, a veth into each of its networks; per endpoint on
 * another node, static FDB and neighbour entries from the managers' views. Nothing is learnt, nothing floods.
 * <ul>
 *   <li>{@link swarm.net.vxlan.OverlayNetworks} — the node's networks and attached tasks, kept current with the
 *       views, restored after a daemon restart;</li>
 *   <li>{@link swarm.net.vxlan.OverlayNetwork} — one network's namespace, bridge and VXLAN device;</li>
 *   <li>{@link swarm.net.vxlan.ForwardingTable} — one VXLAN device's static entries, changed by difference;</li>
 *   <li>{@link swarm.net.vxlan.TaskInterfaces} — the veth pairs between a task's namespace and the bridges;</li>
 *   <li>{@link swarm.net.vxlan.Underlay} — where VXLAN packets enter and leave: the node's namespace and
 *       address;</li>
 *   <li>{@link swarm.net.vxlan.TaskNetworkListener} — the hook for what else lives in a task's namespace (VIPs,
 *       DNS).</li>
 * </ul>
 */
package swarm.net.vxlan;
