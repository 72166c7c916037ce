/** The contract between a worker's agent and a manager's dispatcher: sessions, assignments, status reports. */
package swarm.core.dispatch;
