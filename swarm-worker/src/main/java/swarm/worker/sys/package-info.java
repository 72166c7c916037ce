/**
 * The host below the worker: libc calls the JDK lacks (prctl, waitpid, setxattr, mknod). External
 * commands (tar, mount, runc) run through {@link swarm.net.sys.HostCommand}, shared with overlay-net.
 */
package swarm.worker.sys;
