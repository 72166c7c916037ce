package swarm.worker.exec;

/** How a command run inside a container ended: its exit code (-1 if killed on timeout) and output. */
public record ExecResult(int exitCode, String output, boolean timedOut) {
  /** Docker keeps at most this much of a health probe's output. */
  public static final int MAX_OUTPUT = 4096;
}
