/**
 * The dispatcher: worker sessions. It registers nodes, streams each node its full assignment set,
 * and batches the workers' task status reports into the Raft log.
 */
package swarm.manager.dispatcher;
