/**
 * {@code swarm events}: the swarm's event stream ({@code GET /events}) printed like {@code docker events}, with the
 * parsing of its time flags ({@link swarm.cli.events.EventTime}).
 */
package swarm.cli.events;
