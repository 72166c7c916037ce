package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.core.error.SwarmException;

class ContainerUserTest {
  @TempDir
  Path rootfs;

  @BeforeEach
  void passwd() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nwww:x:33:34::/var/www:/bin/false\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
  }

  @Test
  void emptyMeansRoot() {
    assertThat(ContainerUser.resolve("", rootfs)).isEqualTo(ContainerUser.ROOT);
  }

  @Test
  void namesResolveInTheImagesOwnFiles() {
    assertThat(ContainerUser.resolve("www", rootfs)).isEqualTo(new ContainerUser(33, 34, "/var/www"));
    assertThat(ContainerUser.resolve("www:staff", rootfs)).isEqualTo(new ContainerUser(33, 50, "/var/www"));
  }

  @Test
  void unknownNumericUidRunsWithGroupZero() {
    assertThat(ContainerUser.resolve("1234", rootfs)).isEqualTo(new ContainerUser(1234, 0, "/"));
    assertThat(ContainerUser.resolve("1234:99", rootfs)).isEqualTo(new ContainerUser(1234, 99, "/"));
  }

  @Test
  void unknownNameIsAnError() {
    assertThatThrownBy(() -> ContainerUser.resolve("nobody", rootfs)).isInstanceOf(SwarmException.class)
        .hasMessageContaining("unable to find user nobody");
  }
}
