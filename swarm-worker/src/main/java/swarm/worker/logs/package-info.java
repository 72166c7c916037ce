/**
 * Container logs: a collector turns the raw output files containers write into Docker's
 * json-lines log ({@code container.log}), and readers tail or follow it. {@link swarm.worker.logs.LogServer} answers
 * managers' log requests from it, over the node's dispatcher session.
 */
package swarm.worker.logs;
