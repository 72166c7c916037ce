package swarm.cli.client;

import swarm.core.error.SwarmException;

/**
 * The daemon's socket could not be reached (missing, refused, not permitted). The message is the one line the
 * user sees; {@link #reason()} keeps the transport's exception for {@code --debug}.
 */
public final class DaemonUnreachableException extends SwarmException {
  private final transient Throwable reason;

  DaemonUnreachableException(DaemonAddress address, String why, Throwable reason) {
    super(Kind.UNAVAILABLE, "cannot connect to the swarm daemon at " + address + ": " + why
        + " (is 'swarm daemon' running?)");
    this.reason = reason;
  }

  /** The underlying transport error, or {@code null}. */
  public Throwable reason() {
    return reason;
  }
}
