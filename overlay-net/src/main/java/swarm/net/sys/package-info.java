/**
 * Running host tools ({@code nft}, {@code ip}) from the networking code. {@link
 * swarm.net.sys.HostCommand} mirrors swarm-worker's runner of the same name and adds standard
 * input, so one runner can serve both modules once swarm-worker moves to this one.
 */
package swarm.net.sys;
