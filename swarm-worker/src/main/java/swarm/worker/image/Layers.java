package swarm.worker.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import swarm.net.sys.HostCommand;

/**
 * The unpacked layers {@code layers/<diffID hex>/}: each layer is unpacked once and shared, read
 * only, by the overlay mounts of every container using it. Unpacking goes to a temporary
 * directory renamed into place, so a crash never leaves a half layer under its final name. Not
 * synchronized: {@link ImageStore} serializes writers.
 */
final class Layers {
  private final Path dir;
  private final Whiteouts.Target whiteouts;

  Layers(Path imagesDir, Whiteouts.Target whiteouts) throws IOException {
    this.dir = Files.createDirectories(imagesDir.resolve("layers"));
    this.whiteouts = whiteouts;
  }

  Path root() {
    return dir;
  }

  Path path(String diffId) {
    return dir.resolve(Sha256.hex(diffId));
  }

  boolean has(String diffId) {
    return Files.isDirectory(path(diffId));
  }

  /** Unpacks the (plain or gzip) layer tar {@code tar} as {@code diffId}, unless already there. */
  void unpack(String diffId, Path tar) throws IOException {
    if (has(diffId)) {
      return;
    }
    Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      // GNU tar detects gzip by itself; as root it keeps owners, --numeric-owner stops it from
      // mapping them through the host's /etc/passwd.
      HostCommand.Result r = HostCommand.of("tar", "-x", "--numeric-owner", "-f", tar.toString(), "-C",
          tmp.toString()).run();
      if (!r.ok()) {
        throw new IOException("cannot unpack layer " + diffId + ": " + r.failure());
      }
      Whiteouts.convert(tmp, whiteouts);
      Files.move(tmp, path(diffId), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  void delete(String diffId) throws IOException {
    Path p = path(diffId);
    if (Files.exists(p)) {
      // Rename first so a crash mid-delete leaves a temp dir, never a damaged layer in use.
      Path doomed = dir.resolve(".tmp-" + UUID.randomUUID());
      Files.move(p, doomed, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(doomed);
    }
  }

  /** Removes leftovers of unpacks or deletes interrupted by a crash. */
  void sweepTemporaries() throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    // rm copes with device nodes, read-only dirs and odd names better than a Java walk.
    HostCommand.Result r = HostCommand.of("rm", "-rf", "--one-file-system", p.toString()).run();
    if (!r.ok()) {
      throw new IOException(r.failure());
    }
  }
}
