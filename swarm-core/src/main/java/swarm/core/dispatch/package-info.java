/**
 * The contract between a worker's agent and a manager's dispatcher: sessions, assignments, status reports, and log
 * requests ({@link swarm.core.dispatch.LogSource}).
 */
package swarm.core.dispatch;
