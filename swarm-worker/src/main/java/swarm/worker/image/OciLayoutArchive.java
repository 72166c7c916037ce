package swarm.worker.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import swarm.core.error.SwarmException;

/**
 * Reads an unpacked OCI image layout: {@code index.json} → manifest (through nested indexes,
 * taking the linux/amd64 entry) → config and layers under {@code blobs/sha256/}. Tags come from
 * the {@code io.containerd.image.name} or {@code org.opencontainers.image.ref.name} annotations;
 * a bare ref name ({@code latest}) names no repository, so such an image loads untagged. Stateless.
 */
final class OciLayoutArchive {
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

  private OciLayoutArchive() {}

  static List<ArchiveImage> read(Path root, String archive) {
    JsonNode index = ArchiveFiles.json(root.resolve("index.json"), archive);
    List<ArchiveImage> images = new ArrayList<>();
    for (JsonNode descriptor : index.path("manifests")) {
      String tag = tagOf(descriptor.path("annotations"));
      JsonNode manifestNode = descriptor;
      byte[] manifest = blob(root, manifestNode, archive);
      JsonNode parsed = parse(manifest, archive);
      while (isIndex(manifestNode, parsed)) {
        manifestNode = pickPlatform(parsed, archive);
        manifest = blob(root, manifestNode, archive);
        parsed = parse(manifest, archive);
      }
      byte[] config = blob(root, parsed.path("config"), archive);
      List<Path> layers = new ArrayList<>();
      for (JsonNode l : parsed.path("layers")) {
        layers.add(blobPath(root, l, archive));
      }
      images.add(new ArchiveImage(config, layers, tag == null ? List.of() : List.of(tag), manifest));
    }
    if (images.isEmpty()) {
      throw SwarmException.invalid("broken image archive " + archive + ": index.json lists no manifests");
    }
    return images;
  }

  private static String tagOf(JsonNode annotations) {
    String containerd = annotations.path("io.containerd.image.name").asText("");
    if (!containerd.isEmpty()) {
      return containerd;
    }
    String ref = annotations.path("org.opencontainers.image.ref.name").asText("");
    return ref.contains(":") || ref.contains("/") ? ref : null;
  }

  private static boolean isIndex(JsonNode descriptor, JsonNode parsed) {
    String type = descriptor.path("mediaType").asText(parsed.path("mediaType").asText(""));
    return type.equals(INDEX) || type.equals(DOCKER_LIST) || (parsed.has("manifests") && !parsed.has("config"));
  }

  private static JsonNode pickPlatform(JsonNode index, String archive) {
    JsonNode first = null;
    for (JsonNode m : index.path("manifests")) {
      JsonNode p = m.path("platform");
      if (p.path("os").asText("linux").equals("linux") && p.path("architecture").asText("amd64").equals("amd64")) {
        return m;
      }
      first = first == null ? m : first;
    }
    throw SwarmException.invalid("image archive " + archive + " has no linux/amd64 image"
        + (first == null ? "" : " (found " + first.path("platform") + ")"));
  }

  private static Path blobPath(Path root, JsonNode descriptor, String archive) {
    String digest = descriptor.path("digest").asText("");
    if (!digest.startsWith("sha256:")) {
      throw SwarmException.invalid("broken image archive " + archive + ": unsupported digest '" + digest + "'");
    }
    return ArchiveFiles.resolve(root, "blobs/sha256/" + Sha256.hex(digest), archive);
  }

  private static byte[] blob(Path root, JsonNode descriptor, String archive) {
    return ArchiveFiles.bytes(blobPath(root, descriptor, archive));
  }

  private static JsonNode parse(byte[] json, String archive) {
    try {
      return ArchiveFiles.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw SwarmException.invalid("broken image archive " + archive + ": a manifest is not valid JSON");
    }
  }
}
