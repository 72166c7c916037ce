/**
 * Running one task: {@link swarm.worker.exec.TaskExecutor} walks a task through the worker-side
 * states (accepted → preparing → ready → starting → running → complete/failed/shutdown) against
 * a {@link swarm.worker.exec.Containers} backend, reporting every state change.
 */
package swarm.worker.exec;
