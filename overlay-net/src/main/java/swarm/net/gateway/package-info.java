/**
 * The gateway network of one host (Docker's {@code docker_gwbridge}): a bridge, {@code swarm_gwbridge}, with the
 * gateway address; each task that publishes host-mode ports gets its own network namespace with a veth into it
 * ({@link swarm.net.gateway.GatewayNetwork}); its ports are forwarded by nftables DNAT ({@link
 * swarm.net.gateway.HostPorts}). What lives where:
 * <ul>
 *   <li>{@link swarm.net.gateway.GatewayBridge} — the bridge device and the host's forwarding sysctls;</li>
 *   <li>{@link swarm.net.gateway.AddressPool} — addresses of the bridge's subnet, lowest free first;</li>
 *   <li>{@link swarm.net.gateway.NetworkNamespace} — a task's namespace, kept as a bind-mounted file;</li>
 *   <li>{@link swarm.net.gateway.HostPorts} — the {@code ip swarm_ports} table and the sockets that hold each
 *       published port, as {@code docker-proxy} does, so that no other program takes it.</li>
 * </ul>
 */
package swarm.net.gateway;
