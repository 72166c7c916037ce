/**
 * The Raft glue, and the only package that knows Apache Ratis: {@link swarm.manager.raft.RaftNode}
 * (server + client of one group), {@link swarm.manager.raft.ClusterStateMachine} (applies log entries
 * to the {@link swarm.manager.state.Store}, snapshots it as JSON), and the Ratis-free interfaces the
 * rest of the manager uses: {@link swarm.manager.raft.Proposer} and
 * {@link swarm.manager.raft.LeadershipListener}.
 */
package swarm.manager.raft;
