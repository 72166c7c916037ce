/**
 * The role manager (swarmkit's {@code manager/role_manager.go}): on the leader, makes the managers' Raft group match
 * the roles users asked for. {@link swarm.manager.role.RolePlan} decides (a pure function of the state and the
 * group), {@link swarm.manager.role.RoleManager} carries it out one Raft change at a time.
 */
package swarm.manager.role;
