/**
 * The embedded DNS server for service discovery: each task on an overlay network asks {@code 127.0.0.11:53}
 * inside its own network namespace, and {@link swarm.net.dns.DnsServer} answers there. {@code NAME} (a service's
 * name or alias) resolves to the service's VIP, or to its task addresses in dnsrr mode; {@code tasks.NAME} to the
 * task addresses; only on the networks the asking task is attached to ({@link swarm.net.dns.ServiceNames}).
 * Other names are relayed to the host's resolvers ({@link swarm.net.dns.UpstreamForwarder}).
 *
 * <p>Answers come from the {@link swarm.core.dispatch.NetworkView}s the managers push from the Raft state, never
 * from gossip, so a name cannot vanish while the managers say the service exists (moby#33721, moby#40300).
 * The wire format is Netty's DNS codec throughout; a query relayed upstream travels byte for byte.
 */
package swarm.net.dns;
