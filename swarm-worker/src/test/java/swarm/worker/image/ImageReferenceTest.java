package swarm.worker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;

class ImageReferenceTest {
  private static final String HEX = "a".repeat(64);

  @Test
  void bareNameGetsTheLatestTag() {
    assertThat(ImageReference.parse("busybox")).isEqualTo(new ImageReference("busybox", "latest", null));
  }

  @Test
  void dockerHubPrefixesAreDropped() {
    assertThat(ImageReference.parse("docker.io/library/busybox:1.36").nameTag()).isEqualTo("busybox:1.36");
    assertThat(ImageReference.parse("docker.io/team/app").nameTag()).isEqualTo("team/app:latest");
  }

  @Test
  void registryPortIsNotATag() {
    ImageReference r = ImageReference.parse("localhost:5000/team/app");
    assertThat(r.name()).isEqualTo("localhost:5000/team/app");
    assertThat(r.tag()).isEqualTo("latest");
  }

  @Test
  void pinnedReferenceKeepsTagAndDigest() {
    ImageReference r = ImageReference.parse("busybox:1.36@sha256:" + HEX);
    assertThat(r.tag()).isEqualTo("1.36");
    assertThat(r.digest()).isEqualTo("sha256:" + HEX);
    assertThat(ImageReference.parse("busybox@sha256:" + HEX).tag()).isNull();
  }

  @Test
  void badReferencesSayWhatIsAllowed() {
    assertThatThrownBy(() -> ImageReference.parse("BusyBox")).isInstanceOf(SwarmException.class)
        .hasMessageContaining("invalid image reference 'BusyBox'");
    assertThatThrownBy(() -> ImageReference.parse("busybox@sha256:xyz")).hasMessageContaining("64 lowercase hex");
    assertThatThrownBy(() -> ImageReference.parse("")).isInstanceOf(SwarmException.class);
    assertThatThrownBy(() -> ImageReference.parse("busybox:bad tag")).hasMessageContaining("tag");
  }

  @Test
  void aRepositoryNameLongerThanDockerAllowsIsRefused() {
    assertThat(ImageReference.parse("a".repeat(255)).name()).hasSize(255);
    assertThat(ImageReference.parse("team/" + "a".repeat(250) + ":1").tag()).isEqualTo("1");
    assertThatThrownBy(() -> ImageReference.parse("a".repeat(300) + ":1")).isInstanceOf(SwarmException.class)
        .hasMessage("invalid image reference '" + "a".repeat(40) + "..." + "a".repeat(8)
            + ":1': repository name must not be more than 255 characters (it has 300)");
  }
}
