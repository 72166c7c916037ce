/**
 * Cluster state as a value: {@link swarm.manager.state.ClusterState} (immutable),
 * {@link swarm.manager.state.StateApplier} (a log batch → a new state plus {@link swarm.manager.state.Change}s,
 * deterministic), and {@link swarm.manager.state.Store}, which holds the current state and publishes
 * changes to watchers. Nothing here knows about Raft.
 */
package swarm.manager.state;
