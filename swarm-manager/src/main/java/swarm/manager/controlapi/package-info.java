/** The control API: what the HTTP API calls to read and change services, tasks, nodes and the cluster. */
package swarm.manager.controlapi;
