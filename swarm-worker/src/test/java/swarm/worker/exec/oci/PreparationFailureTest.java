package swarm.worker.exec.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** A refused task's ERROR column shows 30 characters: the reason must come first (issue 14). */
class PreparationFailureTest {
  @Test
  void aFullDiskSaysSoFirst() {
    FileSystemException full = new FileSystemException("/var/lib/swarm/containers/abc/rootfs", null,
        "No space left on device");

    assertThat(OciContainers.preparationFailure(full))
        .isEqualTo("no space left on device: cannot prepare the container (/var/lib/swarm/containers/abc/rootfs)");
  }

  @Test
  void aWriteThatFailsWithoutAFileNameStillGivesTheReason() {
    // What FileChannel's write throws when the device is full.
    assertThat(OciContainers.preparationFailure(new IOException("No space left on device")))
        .isEqualTo("no space left on device: cannot prepare the container");
  }

  @Test
  void aFailureWithoutAMessageIsNamed() {
    assertThat(OciContainers.preparationFailure(new IOException())).isEqualTo("IOException: cannot prepare the container");
  }
}
