package swarm.manager.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import swarm.core.error.SwarmException;

/**
 * The layout of a node's {@code <dataDir>/certs/} directory and how files get there: each file is written to a temp
 * file in the same directory, synced, then renamed over the old one, so a crash leaves the old or the new content and
 * never half a key. Keys are created 0600 from the start (never world-readable, not even briefly); the directory is
 * 0700. Stateless and thread-safe; two writers of the same file race, and the last rename wins.
 */
public final class CertsDir {
  public static final String CA_CERT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String NODE_CERT = "node.crt";
  public static final String NODE_KEY = "node.key";

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private CertsDir() {}

  /** {@code <dataDir>/certs}, where managers keep the root CA and every node keeps its own certificate. */
  public static Path of(Path dataDir) {
    return dataDir.resolve("certs");
  }

  /** Writes {@code text} to {@code dir/name} atomically; {@code secret} files get mode 0600, others 0644. */
  static void write(Path dir, String name, String text, boolean secret) {
    try {
      createDirectory(dir);
      Path temp = Files.createTempFile(dir, "." + name + "-", ".tmp", permissions(secret ? "rw-------" : "rw-r--r--"));
      try {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          channel.force(true);
        }
        move(temp, dir.resolve(name));
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
    }
  }

  static String read(Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.nio.file.NoSuchFileException e) {
      throw SwarmException.notFound(file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void createDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, permissions("rwx------"));
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static FileAttribute<?>[] permissions(String mode) {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
        : new FileAttribute<?>[0];
  }
}
