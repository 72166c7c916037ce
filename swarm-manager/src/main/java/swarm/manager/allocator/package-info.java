/**
 * The network allocator (swarmkit's {@code manager/allocator}): what the managers hand out on overlay networks. A new
 * network's VXLAN id and subnet ({@link NetworkAllocation}, at create), and, as a leader-only controller
 * ({@link Allocator}), each node's address on the ingress network, each service's virtual IPs and each task's
 * addresses before it is scheduled. Addresses are found free in an {@link swarm.manager.state.AddressBook}, the same
 * bookkeeping the log's applier checks every allocation against.
 */
package swarm.manager.allocator;
