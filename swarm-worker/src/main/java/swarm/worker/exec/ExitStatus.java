package swarm.worker.exec;

/**
 * How a container's init process ended: its exit code (128 + signal when killed), or null when
 * it cannot be known. Immutable.
 */
public record ExitStatus(Integer exitCode, String message) {
  /**
   * Only a parent learns an exit code. A container adopted after a daemon restart is not our
   * child (its init was re-parented to the host's init when the old daemon died), so its end is
   * seen by its pid going away and its code is lost.
   */
  public static final String UNKNOWN = "exit code unknown: container exited while the daemon was not running";

  public static ExitStatus of(int code) {
    return new ExitStatus(code, code == 0 ? "finished" : "task: non-zero exit (" + code + ")");
  }

  public static ExitStatus unknown() {
    return new ExitStatus(null, UNKNOWN);
  }

  public boolean succeeded() {
    return exitCode != null && exitCode == 0;
  }
}
