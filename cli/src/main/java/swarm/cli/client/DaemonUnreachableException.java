package swarm.cli.client;

import swarm.core.error.SwarmException;

/**
 * The daemon's socket could not be reached (missing, refused, not permitted). The message is the one line the
 * user sees; {@link #reason()} keeps the transport's exception for {@code --debug}.
 */
public final class DaemonUnreachableException extends SwarmException {
  private final transient Throwable reason;

  DaemonUnreachableException(DaemonAddress address, String why, Throwable reason) {
    this("cannot connect to the swarm daemon at " + address + ": " + why + " (is 'swarm daemon' running?)", reason);
  }

  private DaemonUnreachableException(String message, Throwable reason) {
    super(Kind.UNAVAILABLE, message);
    this.reason = reason;
  }

  /** The daemon may well be running: this user may not open its socket (docker's words). */
  static DaemonUnreachableException permissionDenied(DaemonAddress address, Throwable reason) {
    return new DaemonUnreachableException("permission denied while trying to connect to the swarm daemon socket at "
        + address + ": connect: permission denied (run it as root, or as a user who may open the socket)", reason);
  }

  /** The underlying transport error, or {@code null}. */
  public Throwable reason() {
    return reason;
  }
}
