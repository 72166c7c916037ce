/**
 * How a node takes part in a multi-host swarm: the cluster port (TCP 2377, mutual TLS with the
 * swarm's CA) that managers serve, joining with a token (check the CA against the token's digest,
 * then trade a CSR for a certificate), and what a node remembers of its swarm across restarts.
 */
package swarm.daemon.cluster;
