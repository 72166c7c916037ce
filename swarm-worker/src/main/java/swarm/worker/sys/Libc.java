package swarm.worker.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The few libc calls the worker needs and the JDK does not offer. Thread-safe: each call is a
 * plain system call; errno is saved per thread by jnr-ffi.
 */
public final class Libc {
  /** {@code prctl(2)} option that makes orphaned descendants re-parent to this process. */
  public static final int PR_SET_CHILD_SUBREAPER = 36;
  public static final int WNOHANG = 1;
  public static final int ECHILD = 10;
  private static final int S_IFCHR = 0020000;

  /** Bound by jnr-ffi; only calls jnr-posix does not wrap. */
  public interface Native {
    @SaveError
    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    @SaveError
    int setxattr(String path, String name, byte[] value, long size, int flags);

    @SaveError
    int mknod(String path, int mode, long dev);
  }

  private static final Native NATIVE = LibraryLoader.create(Native.class).load("c");
  private static final POSIX POSIX = POSIXFactory.getNativePOSIX();

  private Libc() {}

  /** Makes this JVM the reaper of orphaned descendants, so a container's init becomes our child. */
  public static void becomeChildSubreaper() {
    if (NATIVE.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
      throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER) failed: errno " + lastError());
    }
  }

  /**
   * {@code waitpid(pid, &status, WNOHANG)} for one known pid.
   *
   * @return the raw wait status, {@code null} while the child runs
   * @throws NotAChild when {@code pid} is not (or no longer) our child
   */
  public static Integer pollChild(long pid) throws NotAChild {
    int[] status = new int[1];
    int r = POSIX.waitpid(pid, status, WNOHANG);
    if (r == 0) {
      return null;
    }
    if (r < 0) {
      throw new NotAChild(pid, POSIX.errno());
    }
    return status[0];
  }

  /** Decodes a wait status like a shell does: the exit code, or 128 + signal when killed. */
  public static int exitCodeOf(int waitStatus) {
    int signal = waitStatus & 0x7f;
    return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
  }

  public static void setxattr(String path, String name, String value) {
    byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (NATIVE.setxattr(path, name, v, v.length, 0) != 0) {
      throw new IllegalStateException("setxattr " + name + " on " + path + " failed: errno " + lastError());
    }
  }

  /** Creates a character device node 0:0, which overlayfs reads as a whiteout. */
  public static void mknodWhiteout(String path) {
    if (NATIVE.mknod(path, S_IFCHR, 0) != 0) {
      throw new IllegalStateException("mknod " + path + " c 0 0 failed: errno " + lastError());
    }
  }

  private static int lastError() {
    return jnr.ffi.Runtime.getSystemRuntime().getLastError();
  }

  /** waitpid said ECHILD (or another error): the pid is not a child we can reap. */
  public static final class NotAChild extends Exception {
    public final int errno;

    NotAChild(long pid, int errno) {
      super("pid " + pid + " is not a child of this process (errno " + errno + ")", null, false, false);
      this.errno = errno;
    }
  }
}
