/**
 * {@code swarm network ...}: the swarm's overlay networks ({@code create}, {@code ls}, {@code inspect}, {@code rm}),
 * through Docker's {@code /networks} API.
 */
package swarm.cli.network;
