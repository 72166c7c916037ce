package swarm.worker.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhiteoutsTest {
  @TempDir
  Path layer;

  private final List<String> calls = new ArrayList<>();
  private final Whiteouts.Target recorder = new Whiteouts.Target() {
    @Override
    public void whiteout(Path path) {
      calls.add("whiteout " + layer.relativize(path));
    }

    @Override
    public void opaque(Path dir) {
      calls.add("opaque " + layer.relativize(dir));
    }
  };

  @Test
  void aufsMarkersBecomeOverlayWhiteoutsAndDisappear() throws IOException {
    Files.createDirectories(layer.resolve("etc/conf.d"));
    Files.createFile(layer.resolve("etc/.wh.motd"));
    Files.createFile(layer.resolve("etc/conf.d/.wh..wh..opq"));
    Files.createFile(layer.resolve("etc/conf.d/kept"));
    Files.createFile(layer.resolve("etc/hosts"));

    int converted = Whiteouts.convert(layer, recorder);

    assertThat(converted).isEqualTo(2);
    assertThat(calls).containsExactlyInAnyOrder("whiteout etc/motd", "opaque etc/conf.d");
    assertThat(layer.resolve("etc/.wh.motd")).doesNotExist();
    assertThat(layer.resolve("etc/conf.d/.wh..wh..opq")).doesNotExist();
    assertThat(layer.resolve("etc/conf.d/kept")).exists();
    assertThat(layer.resolve("etc/hosts")).exists();
  }

  @Test
  void aLayerWithoutMarkersIsLeftAlone() throws IOException {
    Files.createDirectories(layer.resolve("bin"));
    Files.createFile(layer.resolve("bin/sh"));
    assertThat(Whiteouts.convert(layer, recorder)).isZero();
    assertThat(calls).isEmpty();
  }
}
