package swarm.worker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import swarm.worker.exec.oci.OciContainers;
import swarm.worker.exec.oci.OciRuntime;
import swarm.worker.image.ImageStore;
import swarm.worker.logs.LogStore;

/**
 * Real runc containers over a data dir of a test's own, laid out as a worker lays out its own ({@code images},
 * {@code containers}, runc's state in {@code run/runc}), with their logs kept; no image in it yet. {@link #close}
 * closes the logs and removes every container, mount and file under the work dir, also after a failed test. Used
 * by one test thread at a time.
 */
public final class OciDataDir implements AutoCloseable {
  /** A temp dir of the test's own: the data dir is in it, and anything else the test writes may be. */
  public final Path work;
  public final Path data;
  public final ImageStore images;
  public final LogStore logs;
  public final OciContainers containers;

  private OciDataDir(Path work, Path data, ImageStore images, LogStore logs, OciContainers containers) {
    this.work = work;
    this.data = data;
    this.images = images;
    this.logs = logs;
    this.containers = containers;
  }

  /**
   * A new one in a temp dir named after {@code prefix}; skips the calling test unless real containers can run here
   * ({@link Host#assumeContainers}). What a failed start made is removed again.
   */
  public static OciDataDir create(String prefix) throws IOException {
    Host.assumeContainers();
    Path work = Files.createTempDirectory(prefix);
    Path data = work.resolve("data");
    LogStore logs = null;
    try {
      ImageStore images = new ImageStore(data.resolve("images"));
      logs = new LogStore(data.resolve("containers"));
      OciContainers containers = new OciContainers(data.resolve("containers"),
          OciRuntime.detect(Leftovers.runcRoot(data)), images, logs::finish);
      return new OciDataDir(work, data, images, logs, containers);
    } catch (RuntimeException | Error e) {
      try {
        if (logs != null) {
          logs.close();
        }
      } finally {
        Leftovers.purge(work);
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      logs.close();
    } finally {
      Leftovers.purge(work);
    }
  }
}
