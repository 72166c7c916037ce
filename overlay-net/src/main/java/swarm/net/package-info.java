/**
 * Networking shared by managers and workers. So far: cluster membership ({@code
 * swarm.net.membership}: which nodes are alive, over Hazelcast) and the host firewall that guards it
 * ({@code swarm.net.firewall}); the gateway network, through which tasks publish host-mode ports
 * ({@code swarm.net.gateway}); {@code swarm.net.sys} runs host tools. Other tasks get a private network
 * namespace with loopback only (made by the OCI runtime); the overlay (VXLAN), DNS and the routing
 * mesh come with multi-host networking.
 */
package swarm.net;
