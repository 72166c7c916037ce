/**
 * The swarm as a whole: {@code swarm init} (make this node the first manager), {@code join}, {@code join-token},
 * {@code leave}, {@code update} (its settings) and {@code info}.
 */
package swarm.cli.swarm;
