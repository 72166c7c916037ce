package swarm.cli.client;

/** One frame of Docker's multiplexed stream: {@code stream} 1 is stdout, 2 is stderr (0 stdin, unused). */
public record LogFrame(int stream, byte[] payload) {
  public static final int STDOUT = 1;
  public static final int STDERR = 2;
}
