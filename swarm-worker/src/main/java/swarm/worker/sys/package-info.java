/**
 * The host below the worker: libc calls the JDK lacks (prctl, waitpid, setxattr, mknod) and
 * external commands (tar, mount, runc) run with their output captured for error messages.
 */
package swarm.worker.sys;
