package swarm.worker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.testing.Tars;
import swarm.worker.testing.BusyboxImage;
import swarm.worker.testing.Host;
import swarm.worker.testing.Leftovers;
import swarm.worker.testing.Sh;

/** The image store on a real filesystem as root: tar unpacking, whiteouts as device nodes. */
class ImageStoreIT {
  private Path work;
  private ImageStore store;

  @BeforeEach
  void setUp() throws IOException {
    Host.assumeRootImages();
    work = Files.createTempDirectory("swarm-images-it");
    store = new ImageStore(work.resolve("data/images"));
  }

  @AfterEach
  void tearDown() throws IOException {
    Leftovers.purge(work);
  }

  @Test
  void importedRootfsIsOneLayerImageWithDefaultPath() throws IOException {
    Path tar = BusyboxImage.rootfsTar(work);
    Image image = store.importRootfs(tar, "busybox");

    assertThat(image.repoTags()).containsExactly("busybox:latest");
    assertThat(image.diffIds()).containsExactly(BusyboxImage.sha256(tar));
    assertThat(image.id()).startsWith("sha256:").hasSize(71);
    assertThat(image.config().env()).containsExactly(ImageConfig.DEFAULT_PATH);
    assertThat(image.size()).isEqualTo(Files.size(tar));
    Path layer = store.layerDirs(image).get(0);
    assertThat(layer.resolve("bin/busybox")).isRegularFile();
    assertThat(Files.readSymbolicLink(layer.resolve("bin/sh")).toString()).isEqualTo("busybox");
    assertThat(work.resolve("data/images/blobs/sha256").resolve(image.id().substring(7))).isRegularFile();
    assertThat(work.resolve("data/images/repositories.json")).content().contains("busybox:latest");
  }

  @Test
  void dockerSaveArchiveLoadsWithTagsAndWhiteoutsBecomeOverlayWhiteouts() throws IOException {
    Path base = BusyboxImage.rootfsTar(work);
    Path upperSrc = Files.createDirectories(work.resolve("upper-src/etc"));
    Files.createFile(upperSrc.resolve(".wh.group"));
    Files.createDirectories(work.resolve("upper-src/tmp"));
    Files.createFile(work.resolve("upper-src/tmp/.wh..wh..opq"));
    Path upper = BusyboxImage.tar(work.resolve("upper-src"), work.resolve("upper.tar"));
    Path archive = BusyboxImage.dockerSave(work, List.of(base, upper), "team/app:1.0", List.of("sh"));

    List<Image> loaded = store.load(archive);

    assertThat(loaded).hasSize(1);
    Image app = loaded.get(0);
    assertThat(app.repoTags()).containsExactly("team/app:1.0");
    assertThat(app.config().cmd()).containsExactly("sh");
    assertThat(app.config().env()).contains("IMAGE_VAR=from-image");
    List<Path> dirs = store.layerDirs(app);
    assertThat(dirs).hasSize(2);
    assertThat(Sh.run("stat -c '%F %t:%T' '" + dirs.get(1).resolve("etc/group") + "'").strip())
        .isEqualTo("character special file 0:0");
    assertThat(dirs.get(1).resolve("etc/.wh.group")).doesNotExist();
    assertThat(dirs.get(1).resolve("tmp/.wh..wh..opq")).doesNotExist();
    // The same layers again are not unpacked twice: the second image shares the base layer dir.
    Image single = store.load(BusyboxImage.dockerSave(work, List.of(base), "base:1", List.of("sh"))).get(0);
    assertThat(store.layerDirs(single).get(0)).isEqualTo(dirs.get(0));
  }

  @Test
  void ociLayoutArchiveWithGzipLayersLoadsUnderItsContainerdName() throws IOException {
    Path archive = BusyboxImage.ociLayout(work, List.of(BusyboxImage.rootfsTar(work)), "busybox:oci", List.of("sh"));
    Image image = store.load(archive).get(0);
    assertThat(image.repoTags()).containsExactly("busybox:oci");
    assertThat(store.layerDirs(image).get(0).resolve("bin/busybox")).isRegularFile();
  }

  @Test
  void resolveAcceptsNamesTagsIdsAndPinnedDigests() throws IOException {
    Image image = store.importRootfs(BusyboxImage.rootfsTar(work), "busybox:1.36");
    String hex = image.id().substring(7);
    assertThat(store.resolve("busybox:1.36")).contains(image);
    assertThat(store.resolve("docker.io/library/busybox:1.36")).contains(image);
    assertThat(store.resolve("busybox")).isEmpty();
    assertThat(store.resolve(image.id())).contains(image);
    assertThat(store.resolve(hex.substring(0, 12))).contains(image);
    assertThat(store.resolve("busybox:1.36@" + image.id())).contains(image);
    assertThat(store.resolve("busybox:other@" + image.id())).contains(image);
    assertThat(store.resolve("busybox:9")).isEmpty();
    assertThat(store.list()).containsExactly(image);
  }

  @Test
  void importingTheSameRootfsTwiceGivesTheSameImageAndRemoveDeletesItWithItsLastTag() throws IOException {
    Path tar = BusyboxImage.rootfsTar(work);
    Image a = store.importRootfs(tar, "busybox:a");
    Image b = store.importRootfs(tar, "busybox:b"); // same rootfs: same id on this host and on every other
    assertThat(b.id()).isEqualTo(a.id());
    Path layer = store.layerDirs(a).get(0);

    assertThat(store.remove("busybox:a")).containsExactly("Untagged: busybox:a");
    assertThat(layer.resolve("bin/busybox")).isRegularFile();
    assertThat(store.remove("busybox:b")).containsExactly("Untagged: busybox:b", "Deleted: " + b.id());
    assertThat(layer).doesNotExist();
    assertThat(store.list()).isEmpty();
    try (var blobs = Files.list(work.resolve("data/images/blobs/sha256"))) {
      assertThat(blobs.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
    }
    assertThatThrownBy(() -> store.remove("busybox:9")).isInstanceOf(SwarmException.class)
        .hasMessage("image busybox:9 not found");
  }

  @Test
  void aSecondTagOnTheSameImageKeepsItUntilTheLastTagGoes() throws IOException {
    Path tar = BusyboxImage.rootfsTar(work);
    Path archive = BusyboxImage.dockerSave(work, List.of(tar), "app:1", List.of("sh"));
    Image first = store.load(archive).get(0);
    Path retagged = BusyboxImage.dockerSave(work, List.of(tar), "app:2", List.of("sh"));
    Image second = store.load(retagged).get(0);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.repoTags()).containsExactly("app:1", "app:2");
    assertThat(store.remove("app:1")).containsExactly("Untagged: app:1");
    assertThat(store.resolve("app:2")).isPresent();
  }

  @Test
  void storeSurvivesReopening() throws IOException {
    Image image = store.importRootfs(BusyboxImage.rootfsTar(work), "busybox");
    ImageStore reopened = new ImageStore(work.resolve("data/images"));
    assertThat(reopened.resolve("busybox")).contains(image);
  }

  @Test
  void notAnImageArchiveIsRejectedClearly() throws IOException {
    Path junk = Files.createDirectories(work.resolve("junk"));
    Files.writeString(junk.resolve("hello.txt"), "hi");
    Path tar = BusyboxImage.tar(junk, work.resolve("junk.tar"));
    assertThatThrownBy(() -> store.load(tar)).isInstanceOf(SwarmException.class)
        .hasMessage("not a docker-save or OCI image archive: no manifest.json or index.json in " + tar);
  }

  @Test
  void aLoadRefusedAtItsSecondLayerLeavesNoLayerOrBlobBehind() throws IOException {
    Path base = BusyboxImage.rootfsTar(work);
    Path escaping = Files.write(work.resolve("escaping.tar"), new Tars().file("../escape", "x").bytes());
    Path archive = BusyboxImage.dockerSave(work, List.of(base, escaping), "team/app:1.0", List.of("sh"));

    assertThatThrownBy(() -> store.load(archive)).isInstanceOf(SwarmException.class)
        .hasMessage("broken image in " + archive + ": layer 2: member '../escape' would be written outside the root "
            + "filesystem");

    assertThat(store.list()).isEmpty();
    for (String dir : List.of("layers", "blobs/sha256")) {
      try (var files = Files.list(work.resolve("data/images").resolve(dir))) {
        assertThat(files).as(dir).isEmpty();
      }
    }
  }
}
