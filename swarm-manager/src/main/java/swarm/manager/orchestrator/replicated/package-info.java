/** The replicated orchestrator: keeps one runnable task in each of a service's slots 1..replicas. */
package swarm.manager.orchestrator.replicated;
