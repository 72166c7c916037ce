/**
 * Cluster membership: which nodes are alive right now, as seen by a Hazelcast member that every
 * daemon runs. {@link swarm.net.membership.Membership} is the only entry point; callers see node
 * ids only, and Hazelcast's types stay inside this package. A member that vanishes is the fast path
 * to marking its node DOWN; the dispatcher's heartbeats remain the slow path and the authority.
 */
package swarm.net.membership;
