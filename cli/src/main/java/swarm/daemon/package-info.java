/**
 * The node daemon ({@code swarm daemon}): one per host. It owns the node's identity and data dir,
 * serves the HTTP API on the unix socket, and runs the worker role always and the manager role
 * once the node is in a swarm ({@code swarm init}).
 */
package swarm.daemon;
