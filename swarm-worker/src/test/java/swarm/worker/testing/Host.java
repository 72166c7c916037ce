package swarm.worker.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import swarm.worker.exec.oci.OciRuntime;

/** What the host offers the integration tests, which need root, runc and busybox-static. */
public final class Host {
  private Host() {}

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Skips the calling test unless real containers can run here and -Dswarm.it.skip is not true. */
  public static void assumeContainers() {
    assumeTrue(!"true".equals(System.getProperty("swarm.it.skip")), "integration tests skipped (-Dswarm.it.skip=true)");
    assumeTrue(isRoot(), "needs root");
    assumeTrue(OciRuntime.isAvailable(), "needs runc");
    assumeTrue(Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static (" + BusyboxImage.BUSYBOX + ")");
  }

  /** Root and tar suffice for image tests (layers keep owners and device nodes). */
  public static void assumeRootImages() {
    assumeTrue(!"true".equals(System.getProperty("swarm.it.skip")), "integration tests skipped (-Dswarm.it.skip=true)");
    assumeTrue(isRoot(), "needs root");
    assumeTrue(Files.isExecutable(BusyboxImage.BUSYBOX), "needs busybox-static");
  }

  public static boolean exists(Path p) {
    return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }
}
