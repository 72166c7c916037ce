/**
 * The dispatcher: worker sessions and node liveness.
 *
 * <p>{@link swarm.manager.dispatcher.Dispatcher} registers nodes, streams each node its full assignment set, and
 * batches task status reports into the Raft log. Every manager runs one: the in-process session of a single host,
 * and remote sessions through {@link swarm.manager.dispatcher.DispatcherEndpoint} (a WebSocket on the manager's
 * mutual-TLS listener; the node id comes from the client certificate).
 *
 * <p>Liveness without log traffic per heartbeat. Heartbeats are kept in memory by the manager that holds the
 * session. What the log records is only who holds it: opening a session writes the node READY with "session open on
 * manager &lt;id&gt;" in its status message ({@link swarm.manager.dispatcher.SessionOwner}); when the session ends
 * (clean leave, dropped connection, or expiry after 3 silent periods) that manager writes it DISCONNECTED, unless the
 * node already reconnected elsewhere (writes are based on the node version read, so the newer session wins). A node
 * marked otherwise while its session is alive is written READY again on its next heartbeat.
 *
 * <p>Only the leader marks nodes DOWN ({@link swarm.manager.dispatcher.NodeHealthMonitor}): from its own heartbeat
 * times for the sessions it holds; never for a READY node held by another live manager; and otherwise (DISCONNECTED,
 * UNKNOWN, or held by a manager that is gone) a grace period after it last heard of the node. So a killed worker is
 * DOWN 3 periods after its last heartbeat on the leader, or after its connection drop on a follower; a silent host
 * behind a follower takes up to 6 periods (expiry there, then the leader's grace). Membership events are the faster
 * path ({@code nodeLeftMembership}). DOWN nodes' tasks are replaced by the orchestrators (a task on a DOWN node
 * counts as failed), and their old tasks get desired SHUTDOWN, so a node that comes back stops them.
 *
 * <p>Logs travel over the same sessions: {@link swarm.manager.dispatcher.Dispatcher#requestLogs} hands a request to
 * the node's log source, directly for the in-process worker and relayed as {@code logs}/{@code log-lines}/{@code
 * log-end} messages by the connection of a remote one ({@link swarm.manager.logs.LogBroker} is the caller). Only the
 * manager holding a node's session can ask it; there is no forwarding between managers.
 */
package swarm.manager.dispatcher;
