package swarm.net.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

/**
 * Opens sockets inside another network namespace: a socket belongs to the namespace of the thread that
 * created it, for its whole life, so a fresh thread joins the namespace ({@code setns(2)}), creates and binds
 * the socket, and ends. The daemon's own threads never leave the host namespace, and the returned channel is
 * used from any thread (Netty's event loops) like any other. Thread-safe.
 */
final class NamespaceSockets {
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 02000000;

  /** The libc calls Java lacks; bound by jnr-ffi (a dependency through jnr-posix, as in swarm-worker). */
  public interface Native {
    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int close(int fd);
  }

  private static final class Holder {
    static final Native LIBC = LibraryLoader.create(Native.class).load("c");
  }

  private NamespaceSockets() {}

  /** A UDP socket bound to {@code address} in the namespace {@code netns} (an nsfs file, e.g. /run/netns/X). */
  static DatagramChannel udp(Path netns, InetSocketAddress address) {
    return inside(netns, "udp " + address, () -> {
      DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
      try {
        return channel.bind(address);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    });
  }

  /** A listening TCP socket on {@code address} in the namespace {@code netns}. */
  static ServerSocketChannel tcp(Path netns, InetSocketAddress address) {
    return inside(netns, "tcp " + address, () -> {
      ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET);
      try {
        return channel.bind(address, 128);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    });
  }

  /** Runs {@code open} on a fresh thread inside the namespace {@code netns} and returns what it made there. */
  static <T> T inside(Path netns, String what, Callable<T> open) {
    FutureTask<T> task = new FutureTask<>(() -> {
      Native libc = Holder.LIBC;
      int fd = libc.open(netns.toString(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        throw new IOException("cannot open network namespace " + netns + ": errno " + errno());
      }
      try {
        if (libc.setns(fd, CLONE_NEWNET) != 0) {
          int errno = errno();
          throw new IOException("cannot enter network namespace " + netns + " (setns): errno " + errno
              + (errno == 22 ? " (EINVAL: not a network namespace file)" : ""));
        }
      } finally {
        libc.close(fd);
      }
      // This thread now lives in the task's namespace and ends right after: nothing else runs on it.
      return open.call();
    });
    Thread thread = new Thread(task, "dns-netns-socket");
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String message = "cannot open " + what + " in network namespace " + netns + ": " + cause.getMessage();
      throw cause instanceof IOException io ? new UncheckedIOException(message, io)
          : new IllegalStateException(message, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening " + what + " in " + netns, e);
    }
  }

  private static int errno() {
    return jnr.ffi.Runtime.getSystemRuntime().getLastError();
  }
}
