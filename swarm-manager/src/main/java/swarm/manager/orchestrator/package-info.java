/**
 * Orchestrators: controllers that decide which tasks should exist. Subpackages hold one controller
 * each (replicated, restart, update, taskreaper); {@link swarm.manager.orchestrator.Slots} holds the
 * slot and task rules they share.
 */
package swarm.manager.orchestrator;
