/**
 * Networking shared by managers and workers. For now tasks get a private network namespace with
 * loopback only (made by the OCI runtime); the overlay (VXLAN), IPAM, DNS and the routing mesh
 * come with multi-host networking.
 */
package swarm.net;
