/**
 * The CLI's side of the node HTTP API (docs/api.md): {@link swarm.cli.client.ApiClient} speaks HTTP/1.1 over
 * the daemon's unix socket, with blocking calls for the commands, and decoders for the two streamed answers
 * (Docker's multiplexed log frames, JSON lines).
 */
package swarm.cli.client;
