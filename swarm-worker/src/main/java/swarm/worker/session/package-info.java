/**
 * The worker's session with a manager over the network: {@link swarm.worker.session.RemoteDispatcherClient}, a
 * {@link swarm.core.dispatch.DispatcherClient} speaking the dispatcher's WebSocket protocol over mutual TLS. It
 * heartbeats at the period the manager gives, reconnects with backoff (100 ms to 8 s, jittered) to the next manager
 * of its list when the connection dies, describes the node again, and receives the full assignment set again, so the
 * agent converges. Status reports are kept, latest per task, and sent again after a reconnect.
 */
package swarm.worker.session;
