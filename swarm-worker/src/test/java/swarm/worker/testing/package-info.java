/**
 * Shared test fixtures: a busybox image built from the host's busybox-static, a data dir of real runc containers
 * ({@link swarm.worker.testing.OciDataDir}), a fake dispatcher, task builders, host checks and cleanup.
 */
package swarm.worker.testing;
