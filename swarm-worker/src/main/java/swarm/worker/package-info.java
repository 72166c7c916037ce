/**
 * The worker role of a node daemon. {@link swarm.worker.Worker} is the facade the daemon uses:
 * the agent with its executors, the image store and the container logs.
 */
package swarm.worker;
