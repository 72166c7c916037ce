/**
 * The scheduler: places PENDING tasks on nodes. {@link swarm.manager.scheduler.Scheduler} is the controller;
 * {@link swarm.manager.scheduler.PlacementPass} the working state of one pass, with
 * {@link swarm.manager.scheduler.NodeInfo} (a node with what is placed on it) and, per group of like tasks, a
 * {@link swarm.manager.scheduler.DecisionTree} of the nodes that can take them, ordered for spread ranking (fewest
 * tasks of the service per branch and node, then fewest tasks). The filters live in {@code filter}.
 */
package swarm.manager.scheduler;
