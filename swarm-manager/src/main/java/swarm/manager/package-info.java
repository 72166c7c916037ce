/**
 * The manager role of a node daemon: {@link swarm.manager.Manager} wires the Raft node, the store,
 * the leader-only controllers, the dispatcher and the control API; {@link swarm.manager.ManagerConfig}
 * holds its typed settings.
 */
package swarm.manager;
