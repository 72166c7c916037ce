/**
 * The node's HTTP API: Vert.x routes speaking a subset of the Docker Engine API (see docs/api.md).
 * One class per resource (system, swarm, nodes, services, tasks, images, logs); handlers that
 * block (Raft commits, image unpacking) run on worker threads, never on the event loop.
 */
package swarm.daemon.api;
