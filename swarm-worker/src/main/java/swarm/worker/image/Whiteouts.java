package swarm.worker.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import swarm.worker.sys.Libc;

/**
 * Converts the AUFS-style whiteouts of image layer tars into what overlayfs understands:
 * {@code .wh.NAME} becomes a character device 0:0 named {@code NAME}, and {@code .wh..wh..opq}
 * marks its directory opaque ({@code trusted.overlay.opaque=y}). Stateless; one call per layer.
 */
public final class Whiteouts {
  static final String PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  /** Where the conversion writes; the overlay one needs root, a recording one serves tests. */
  public interface Target {
    /** Hides {@code path} from lower layers. */
    void whiteout(Path path) throws IOException;

    /** Hides everything lower layers have in {@code dir}. */
    void opaque(Path dir) throws IOException;
  }

  /** Writes overlayfs whiteouts with mknod(2) and setxattr(2). */
  public static final Target OVERLAY = new Target() {
    @Override
    public void whiteout(Path path) {
      Libc.mknodWhiteout(path.toString());
    }

    @Override
    public void opaque(Path dir) {
      Libc.setxattr(dir.toString(), "trusted.overlay.opaque", "y");
    }
  };

  private Whiteouts() {}

  /** Replaces every whiteout marker under {@code layerRoot}; returns how many were converted. */
  public static int convert(Path layerRoot, Target target) throws IOException {
    List<Path> markers = new ArrayList<>();
    Files.walkFileTree(layerRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (file.getFileName().toString().startsWith(PREFIX)) {
          markers.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    // Collected first: creating device nodes while walking would change the tree under the walker.
    for (Path marker : markers) {
      String name = marker.getFileName().toString();
      Files.delete(marker);
      if (name.equals(OPAQUE)) {
        target.opaque(marker.getParent());
      } else {
        Path hidden = marker.resolveSibling(name.substring(PREFIX.length()));
        if (hidden.getFileName().toString().isEmpty() || Files.exists(hidden, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        target.whiteout(hidden);
      }
    }
    return markers.size();
  }
}
