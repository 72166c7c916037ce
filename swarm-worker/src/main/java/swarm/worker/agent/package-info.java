/**
 * The node's agent: one dispatcher session, and a level-triggered reconcile of the assigned
 * tasks against the node's containers (start, update, stop, remove, adopt after a restart).
 */
package swarm.worker.agent;
