/**
 * The Raft glue, and the only package that knows Apache Ratis: {@link swarm.manager.raft.RaftNode} (server + client
 * of the managers' group: proposals, linearizable reads, membership changes, peer status),
 * {@link swarm.manager.raft.ClusterStateMachine} (applies log entries to the {@link swarm.manager.state.Store},
 * snapshots it as JSON, installs the leader's snapshot on a new member), {@code RatisConfig} (every Ratis key we set)
 * and {@code RaftTls} (mutual TLS among the swarm CA's managers), and the Ratis-free types the rest of the manager
 * uses: {@link swarm.manager.raft.Proposer}, {@link swarm.manager.raft.ReadBarrier},
 * {@link swarm.manager.raft.LeadershipListener}, {@link swarm.manager.raft.RaftSettings},
 * {@link swarm.manager.raft.RaftPeerAddress} and {@link swarm.manager.raft.RaftPeerStatus}.
 */
package swarm.manager.raft;
