package swarm.worker.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import swarm.core.error.SwarmException;

/** Reads files of an unpacked archive without letting a path in it escape the archive. Stateless. */
final class ArchiveFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private ArchiveFiles() {}

  static Path resolve(Path root, String name, String archive) {
    Path p = root.resolve(name).normalize();
    if (!p.startsWith(root) || !Files.isRegularFile(p)) {
      throw SwarmException.invalid("broken image archive " + archive + ": " + name + " is missing or outside the archive");
    }
    return p;
  }

  static JsonNode json(Path file, String archive) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw SwarmException.invalid("broken image archive " + archive + ": " + file.getFileName() + " is not valid JSON");
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
