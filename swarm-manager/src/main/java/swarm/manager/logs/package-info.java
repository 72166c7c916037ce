/**
 * The log broker: serves {@code service logs} and {@code task logs} by asking, through the dispatcher's sessions,
 * every node that ran the tasks for their lines, and merging them in time order. Nothing is persisted; a node out of
 * reach is reported as a notice, never waited for.
 */
package swarm.manager.logs;
