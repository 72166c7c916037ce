package swarm.worker.image;

import java.nio.file.Path;
import java.util.List;

/**
 * One image found in an unpacked archive, before it enters the store: its config JSON, its layer
 * files (lowest first), the tags the archive gives it, and its manifest if the archive had one
 * in OCI form (null: the store writes one). Immutable.
 */
record ArchiveImage(byte[] config, List<Path> layers, List<String> tags, byte[] manifest) {
  ArchiveImage {
    layers = List.copyOf(layers);
    tags = List.copyOf(tags);
  }
}
