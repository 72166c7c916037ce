/**
 * The restart supervisor: replaces tasks that stopped while meant to run, per the service's restart
 * policy, and holds replacements at READY until their restart delay has passed.
 */
package swarm.manager.orchestrator.restart;
