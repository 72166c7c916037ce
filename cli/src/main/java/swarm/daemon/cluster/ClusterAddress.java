package swarm.daemon.cluster;

import swarm.core.error.SwarmException;

/**
 * A host and port of the cluster port ({@code IP:2377}). Raft between managers listens on the
 * next port (2378 by default), on the same address: one rule, kept here.
 */
public record ClusterAddress(String host, int port) {
  public static final int DEFAULT_PORT = 2377;

  /** Parses {@code IP}, {@code IP:PORT} or {@code :PORT}; {@code flag} is named in errors. */
  public static ClusterAddress parse(String flag, String text, String defaultHost) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      return new ClusterAddress(defaultHost, DEFAULT_PORT);
    }
    int colon = t.lastIndexOf(':');
    String host = colon < 0 ? t : t.substring(0, colon);
    String port = colon < 0 ? String.valueOf(DEFAULT_PORT) : t.substring(colon + 1);
    if (host.isEmpty()) {
      host = defaultHost;
    }
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535
        || !(host.matches("[0-9.]+") || host.matches("[A-Za-z0-9.-]+"))) {
      throw SwarmException.invalid("invalid " + flag + " '" + text + "': use IP[:PORT], e.g. 10.0.0.1:2377");
    }
    return new ClusterAddress(host, Integer.parseInt(port));
  }

  /** The cluster address of a manager whose Raft listens at {@code raftAddress} (host:port+1). */
  public static ClusterAddress ofRaftAddress(String raftAddress) {
    int colon = raftAddress.lastIndexOf(':');
    return new ClusterAddress(raftAddress.substring(0, colon), Integer.parseInt(raftAddress.substring(colon + 1)) - 1);
  }

  public int raftPort() {
    return port == 0 ? 0 : port + 1;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
