/**
 * {@code swarm service ...}: create (flags → {@link swarm.core.spec.ServiceSpec}), ls, ps, inspect, scale, logs
 * and rm, plus the convergence watch that {@code create} and {@code scale} show unless {@code --detach}: it polls
 * the service's tasks, draws docker's per-replica progress and fails when replicas cannot start.
 */
package swarm.cli.service;
