/** The global orchestrator: one task of each global service on every eligible node. */
package swarm.manager.orchestrator.global;
