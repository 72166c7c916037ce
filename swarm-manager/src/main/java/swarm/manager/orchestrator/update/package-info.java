/**
 * The updater: rolling updates and rollbacks of services, per slot of a replicated service and per node of a global
 * one, paced by the service's update (or rollback) config, with a deadline per new task, failure actions and the
 * service's update status; all progress is read from the Raft state ({@code docs/design/rolling-updates.md}).
 */
package swarm.manager.orchestrator.update;
