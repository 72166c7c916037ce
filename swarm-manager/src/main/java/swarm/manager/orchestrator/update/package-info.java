/**
 * The updater: replaces tasks whose spec is no longer the service's, per slot of a replicated service and per
 * node of a global one (rolling updates come later).
 */
package swarm.manager.orchestrator.update;
