/**
 * {@code swarm service ...}: create (flags → {@link swarm.core.spec.ServiceSpec}), update (flags → changes to the
 * service's spec), rollback, ls, ps, inspect, scale, logs and rm, plus the watches shown unless {@code --detach}:
 * after create and scale, the convergence watch ({@code ConvergenceMonitor}: polls the service's tasks, draws
 * docker's per-replica progress and fails when replicas cannot start); after update and rollback, the update watch
 * ({@code UpdateMonitor}: the same progress for the new spec's tasks, and an exit code decided by
 * {@code UpdateWatch} from the service's UpdateStatus). The flags create and update share are read once, in
 * {@code TaskFlags}, {@code ListFlags}, {@code PublishFlag} and {@code RollingUpdateFlags}; update and rollback
 * wait as {@code UpdateWaitFlags} say.
 */
package swarm.cli.service;
