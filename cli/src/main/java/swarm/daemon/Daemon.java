package swarm.daemon;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.error.SwarmException;
import swarm.daemon.api.ApiServer;

/**
 * {@code swarm daemon}: runs one node in the foreground until SIGTERM or SIGINT. One daemon per
 * data dir (a file lock says so); the API socket is created mode 0660. Stopping the daemon leaves
 * containers running: the next daemon on the same data dir adopts them.
 */
public final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private Daemon() {}

  /** Runs a node in the foreground until SIGTERM/SIGINT; returns the process exit code. */
  public static int run(Path dataDir, Path socket, String hostname, java.util.Map<String, String> engineLabels,
                        boolean debug) {
    PrintStream err = System.err;
    if (!"root".equals(System.getProperty("user.name"))) {
      err.println("error: swarm daemon must run as root: it runs containers with runc and mounts their filesystems");
      return 1;
    }
    FileLock lock;
    try {
      Files.createDirectories(dataDir.resolve("run"));
      // The data dir holds the Raft log (with the swarm's CA key) and node keys: root only.
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
      Files.createDirectories(socket.toAbsolutePath().getParent());
      FileChannel lockFile = FileChannel.open(dataDir.resolve("run/daemon.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      lock = lockFile.tryLock();
      if (lock == null) {
        err.println("error: another swarm daemon is already using the data dir " + dataDir);
        return 1;
      }
      if (Files.exists(socket)) {
        if (answers(socket)) {
          err.println("error: another daemon is already listening on " + socket);
          return 1;
        }
        Files.delete(socket); // left over from a daemon that was killed
      }
    } catch (IOException e) {
      err.println("error: cannot prepare " + dataDir + " and " + socket + ": " + e.getMessage());
      return 1;
    }
    Vertx vertx = Vertx.builder().withTransport(Transport.EPOLL).build();
    if (!vertx.isNativeTransportEnabled()) {
      err.println("error: the native epoll transport is not available, so the unix socket cannot be served: "
          + vertx.unavailableNativeTransportCause());
      vertx.close();
      return 1;
    }
    NodeRuntime node;
    ApiServer api;
    try {
      node = NodeRuntime.start(vertx, dataDir, hostname, engineLabels, n -> ApiServer.router(vertx, n));
      api = ApiServer.start(vertx, socket, node.apiRouter());
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (SwarmException e) {
      err.println("error: " + e.getMessage());
      vertx.close();
      return 1;
    } catch (Exception e) {
      LOG.error("daemon failed to start", e);
      err.println("error: daemon failed to start: " + e);
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: containers keep running and are adopted by the next daemon");
      try {
        api.close();
        node.close();
        Futures.await(vertx.close());
        Files.deleteIfExists(socket);
        lock.release();
      } catch (Exception e) {
        LOG.warn("error while stopping", e);
      }
      stopped.countDown();
    }, "swarm-shutdown"));
    System.out.println("swarm daemon ready: node " + node.identity().nodeId() + " (" + node.identity().hostname()
        + "), data " + dataDir + ", listening on unix://" + socket);
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static boolean answers(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      return false;
    }
  }
}
