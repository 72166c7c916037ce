/** Shared test fixtures: a busybox image built from the host's busybox-static, a fake dispatcher, task builders, host checks and cleanup. */
package swarm.worker.testing;
