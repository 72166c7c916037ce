/**
 * The scheduler: places PENDING tasks on nodes. {@link swarm.manager.scheduler.NodeInfo} is a node
 * with what is already placed on it; the filters live in {@code filter}; ranking (spread: fewest
 * tasks of the service, then fewest tasks) is in {@link swarm.manager.scheduler.Scheduler}.
 */
package swarm.manager.scheduler;
