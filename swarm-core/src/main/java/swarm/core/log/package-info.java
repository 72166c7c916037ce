/** The Raft log's schema: {@link swarm.core.log.StoreCommand} (append-only type ids) batched into {@link swarm.core.log.CommandBatch}. */
package swarm.core.log;
