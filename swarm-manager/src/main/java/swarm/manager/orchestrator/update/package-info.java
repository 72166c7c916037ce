/** The updater: replaces tasks whose spec is no longer the service's (rolling updates come later). */
package swarm.manager.orchestrator.update;
