/**
 * {@code swarm image ...}: the node's local images: {@code import} (rootfs tar), {@code load} (docker-save or OCI
 * archive), {@code ls} and {@code rm}. Archives are streamed to the daemon, never read whole into memory.
 */
package swarm.cli.image;
