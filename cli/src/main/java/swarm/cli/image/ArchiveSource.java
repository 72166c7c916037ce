package swarm.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import swarm.core.error.SwarmException;

/** A tar archive to upload: a file (length known) or standard input (length unknown, sent chunked). */
record ArchiveSource(InputStream in, long length) implements AutoCloseable {
  static ArchiveSource open(String file, InputStream stdin) {
    if (file == null || file.equals("-")) {
      return new ArchiveSource(stdin, -1);
    }
    Path p = Path.of(file);
    try {
      if (Files.isDirectory(p)) {
        throw SwarmException.invalid(file + " is a directory: give a tar archive");
      }
      return new ArchiveSource(Files.newInputStream(p), Files.size(p));
    } catch (NoSuchFileException e) {
      throw SwarmException.invalid("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (in != System.in) {
        in.close();
      }
    } catch (IOException ignored) {
      // read-only file: nothing was lost
    }
  }
}
