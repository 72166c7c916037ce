/** What users ask for: service, task and container specs as immutable records with Docker's names and defaults. */
package swarm.core.spec;
