/** {@code swarm node ...}: the hosts of the swarm ({@code ls}, {@code inspect}). */
package swarm.cli.node;
