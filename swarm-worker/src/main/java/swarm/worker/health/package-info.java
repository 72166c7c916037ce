/**
 * Container health checks, Docker's way: {@link swarm.worker.health.HealthMonitor} is the verdict
 * (retries, start period, last results), {@link swarm.worker.health.HealthChecker} runs a
 * {@link swarm.worker.health.Probe} on a schedule and feeds it.
 */
package swarm.worker.health;
