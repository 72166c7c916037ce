/**
 * {@code swarm node ...}: the hosts of the swarm ({@code ls}, {@code inspect}, {@code update}, {@code promote},
 * {@code demote}, {@code rm}).
 */
package swarm.cli.node;
