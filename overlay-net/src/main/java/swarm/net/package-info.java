/**
 * Networking shared by managers and workers: cluster membership ({@code swarm.net.membership}, Hazelcast) and the
 * host firewall that guards it and the overlay's VXLAN port ({@code swarm.net.firewall}); on each node, a network
 * namespace per task ({@code swarm.net.task}) plugged into the gateway bridge for host-mode ports ({@code
 * swarm.net.gateway}) and into its overlay networks ({@code swarm.net.vxlan}), VIP load balancing and the ingress
 * routing mesh with nftables ({@code swarm.net.lb}), and the embedded DNS server ({@code swarm.net.dns}); {@code
 * swarm.net.sys} runs host tools.
 */
package swarm.net;
