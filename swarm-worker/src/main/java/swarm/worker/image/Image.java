package swarm.worker.image;

import java.time.Instant;
import java.util.List;

/**
 * An image in the local store. {@code id} is {@code sha256:} + the hex digest of its config JSON,
 * as Docker's image id; {@code diffIds} are the uncompressed layer digests, lowest layer first;
 * {@code size} is the sum of the uncompressed layer sizes. Immutable.
 */
public record Image(String id, List<String> repoTags, Instant created, long size, ImageConfig config,
                    List<String> diffIds) {
  public Image {
    repoTags = List.copyOf(repoTags);
    diffIds = List.copyOf(diffIds);
  }

  /** The first 12 hex digits, as {@code docker images} shows. */
  public String shortId() {
    return id.substring("sha256:".length(), "sha256:".length() + 12);
  }
}
