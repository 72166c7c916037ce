/**
 * The local image store: content-addressed blobs, layers unpacked once and shared by every
 * container, tags in {@code repositories.json}; loading docker-save and OCI archives and
 * importing root filesystems.
 */
package swarm.worker.image;
