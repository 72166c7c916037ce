/**
 * The restart supervisor: replaces tasks that stopped while meant to run, per the service's restart
 * policy, and holds replacements at READY until their restart delay has passed; tasks that failed before they
 * ran are replaced only after a backoff that doubles with each such failure in a row; a failed task whose slot already
 * holds a task of the current spec (a rolling update's) is shut down without a replacement.
 */
package swarm.manager.orchestrator.restart;
