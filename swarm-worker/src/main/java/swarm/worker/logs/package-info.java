/**
 * Container logs: a collector turns the raw output files containers write into Docker's
 * json-lines log ({@code container.log}), and readers tail or follow it.
 */
package swarm.worker.logs;
