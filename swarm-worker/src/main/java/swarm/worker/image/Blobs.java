package swarm.worker.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The content-addressed blob directory {@code blobs/sha256/<hex>}: layer tars, image configs and
 * manifests. A blob is written to a temporary file and renamed into place, so a reader never sees
 * half a blob. Not synchronized: {@link ImageStore} serializes writers.
 */
final class Blobs {
  private final Path dir;

  Blobs(Path imagesDir) throws IOException {
    this.dir = Files.createDirectories(imagesDir.resolve("blobs").resolve("sha256"));
  }

  Path path(String digest) {
    return dir.resolve(Sha256.hex(digest));
  }

  boolean has(String digest) {
    return Files.exists(path(digest));
  }

  byte[] read(String digest) throws IOException {
    return Files.readAllBytes(path(digest));
  }

  /** Stores {@code data} under its digest and returns the digest. */
  String put(byte[] data) throws IOException {
    String digest = Sha256.of(data);
    if (!has(digest)) {
      Path tmp = Files.createTempFile(dir, ".tmp-", "");
      Files.write(tmp, data);
      Files.move(tmp, path(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return digest;
  }

  /** Copies {@code file}, whose digest the caller computed, into the store. */
  void putFile(String digest, Path file) throws IOException {
    if (!has(digest)) {
      Path tmp = Files.createTempFile(dir, ".tmp-", "");
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, path(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void delete(String digest) throws IOException {
    Files.deleteIfExists(path(digest));
  }
}
