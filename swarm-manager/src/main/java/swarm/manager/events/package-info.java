/**
 * The swarm's event feed ({@code GET /events}, {@code swarm events}): {@link swarm.manager.events.EventLog}
 * watches the store on each manager, turns committed changes of services, nodes and tasks into
 * {@link swarm.manager.events.Event}s, keeps the recent ones for {@code since} and hands new ones to subscribers.
 */
package swarm.manager.events;
