/** The task reaper: deletes finished tasks beyond the history limit, removed tasks, and tasks of removed services. */
package swarm.manager.orchestrator.taskreaper;
