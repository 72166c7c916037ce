/** Stored objects (Service, Task, Node, Cluster) as immutable records with Docker's JSON names; every write bumps {@link swarm.core.object.Version}. */
package swarm.core.object;
