/**
 * Stored objects (Service, Task, Node, Cluster) as immutable records with Docker's JSON names; every write bumps
 * {@link swarm.core.object.Version}. Also the rules about them that more than one module applies
 * ({@link swarm.core.object.RestartBackoff}: the manager acts on it, the CLI shows it).
 */
package swarm.core.object;
