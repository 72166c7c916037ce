/** The swarm as a whole: {@code swarm init} (make this node the first manager) and {@code swarm info}. */
package swarm.cli.swarm;
