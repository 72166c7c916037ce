package swarm.cli.client;

import java.nio.file.Path;
import java.util.Map;
import swarm.core.error.SwarmException;

/**
 * Where the daemon listens, as the user wrote it ({@code unix:///run/swarm/swarm.sock}) and as a socket path.
 * Resolved like docker's {@code -H} / {@code DOCKER_HOST}: the flag, then {@code SWARM_HOST}, then the default.
 */
public record DaemonAddress(String uri, Path socket) {
  public static final String DEFAULT_URI = "unix:///run/swarm/swarm.sock";
  public static final String ENV = "SWARM_HOST";

  /** @throws SwarmException for tcp:// (needs TLS, not implemented yet) and for anything that is not unix:// */
  public static DaemonAddress resolve(String flag, Map<String, String> env) {
    String uri = flag;
    if (uri == null || uri.isBlank()) {
      uri = env.get(ENV);
    }
    if (uri == null || uri.isBlank()) {
      uri = DEFAULT_URI;
    }
    return parse(uri.trim());
  }

  public static DaemonAddress parse(String uri) {
    if (uri.startsWith("tcp://")) {
      throw SwarmException.invalid("tcp:// hosts need TLS, which is not implemented yet: use unix:///path/to/swarm.sock");
    }
    if (!uri.startsWith("unix://") || uri.length() == "unix://".length()) {
      throw SwarmException.invalid("invalid host '" + uri + "': use unix:///path/to/swarm.sock");
    }
    return new DaemonAddress(uri, Path.of(uri.substring("unix://".length())));
  }

  @Override
  public String toString() {
    return uri;
  }
}
