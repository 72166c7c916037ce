/**
 * {@code swarm service ...}: create (flags → {@link swarm.core.spec.ServiceSpec}), update (flags → changes to the
 * service's spec), ls, ps, inspect, scale, logs and rm, plus the convergence watch that {@code create},
 * {@code update} and {@code scale} show unless {@code --detach}: it polls the service's tasks, draws docker's
 * per-replica progress and fails when replicas cannot start. The flags create and update share are read once,
 * in {@code TaskFlags}, {@code ListFlags}, {@code PublishFlag} and {@code RollingUpdateFlags}.
 */
package swarm.cli.service;
