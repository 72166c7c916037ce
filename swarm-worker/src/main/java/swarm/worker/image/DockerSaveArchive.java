package swarm.worker.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import swarm.core.error.SwarmException;

/**
 * Reads an unpacked {@code docker save} archive: {@code manifest.json} lists each image's
 * {@code Config}, {@code RepoTags} and {@code Layers} (paths inside the archive). Stateless.
 */
final class DockerSaveArchive {
  private DockerSaveArchive() {}

  static List<ArchiveImage> read(Path root, String archive) {
    JsonNode manifest = ArchiveFiles.json(root.resolve("manifest.json"), archive);
    if (!manifest.isArray()) {
      throw SwarmException.invalid("broken image archive " + archive + ": manifest.json is not a list");
    }
    List<ArchiveImage> images = new ArrayList<>();
    for (JsonNode entry : manifest) {
      if (!entry.path("Config").isTextual()) {
        throw SwarmException.invalid("broken image archive " + archive + ": a manifest.json entry has no Config");
      }
      byte[] config = ArchiveFiles.bytes(ArchiveFiles.resolve(root, entry.get("Config").asText(), archive));
      List<Path> layers = new ArrayList<>();
      entry.path("Layers").forEach(l -> layers.add(ArchiveFiles.resolve(root, l.asText(), archive)));
      List<String> tags = new ArrayList<>();
      entry.path("RepoTags").forEach(t -> tags.add(t.asText()));
      images.add(new ArchiveImage(config, layers, tags, null));
    }
    return images;
  }
}
