/**
 * The OCI runtime backend: bundles ({@code config.json} over an overlayfs rootfs, with Docker's
 * capabilities and the effect of its default seccomp profile) run with
 * {@code runc} (or {@code crun} where it works), exit codes reaped as child subreaper, stop with
 * signal, grace period and SIGKILL, and nothing left behind on remove.
 */
package swarm.worker.exec.oci;
