/**
 * A task's network namespace and what joins it ({@link swarm.net.task.TaskNetworks}): the gateway network for
 * host-mode ports ({@link swarm.net.gateway}) and the overlay networks ({@link swarm.net.vxlan}).
 */
package swarm.net.task;
