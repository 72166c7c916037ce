package swarm.cli.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import swarm.core.error.SwarmException;

/**
 * Where the daemon listens, as the user wrote it, resolved like docker's {@code -H} /
 * {@code DOCKER_HOST}: the flag, then {@code SWARM_HOST}, then the default. Either a local unix
 * socket, or a manager's cluster port ({@code tcp://IP:2377}) reached with mutual TLS: the swarm's
 * CA certificate and a manager certificate and key ({@code --tlscacert}, {@code --tlscert},
 * {@code --tlskey}; e.g. a manager's {@code DATA/certs/ca.crt}, {@code node.crt}, {@code node.key}).
 */
public record DaemonAddress(String uri, Path socket, String host, int port, Tls tls) {
  public static final String DEFAULT_URI = "unix:///run/swarm/swarm.sock";
  public static final String ENV = "SWARM_HOST";

  /** The client's TLS files for a tcp:// host. */
  public record Tls(Path caCert, Path cert, Path key) {}

  public static DaemonAddress resolve(String flag, Map<String, String> env) {
    return resolve(flag, env, null);
  }

  /** @throws SwarmException for a malformed host, or a tcp:// host without its three TLS files */
  public static DaemonAddress resolve(String flag, Map<String, String> env, Tls tls) {
    String uri = flag;
    if (uri == null || uri.isBlank()) {
      uri = env.get(ENV);
    }
    if (uri == null || uri.isBlank()) {
      uri = DEFAULT_URI;
    }
    return parse(uri.trim(), tls);
  }

  public static DaemonAddress parse(String uri) {
    return parse(uri, null);
  }

  public static DaemonAddress parse(String uri, Tls tls) {
    if (uri.startsWith("tcp://")) {
      String hostPort = uri.substring("tcp://".length());
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      String port = colon < 0 ? "2377" : hostPort.substring(colon + 1);
      if (host.isEmpty() || !port.matches("\\d{1,5}")) {
        throw SwarmException.invalid("invalid host '" + uri + "': use tcp://IP:2377 or unix:///path/to/swarm.sock");
      }
      List<String> missing = new ArrayList<>();
      if (tls == null || tls.caCert() == null) {
        missing.add("--tlscacert");
      }
      if (tls == null || tls.cert() == null) {
        missing.add("--tlscert");
      }
      if (tls == null || tls.key() == null) {
        missing.add("--tlskey");
      }
      if (!missing.isEmpty()) {
        throw SwarmException.invalid("tcp:// hosts need mutual TLS: give " + String.join(", ", missing)
            + " (the swarm's ca.crt and a manager's node.crt and node.key)");
      }
      for (Path p : List.of(tls.caCert(), tls.cert(), tls.key())) {
        if (!Files.isReadable(p)) {
          throw SwarmException.invalid("cannot read TLS file " + p);
        }
      }
      return new DaemonAddress(uri, null, host, Integer.parseInt(port), tls);
    }
    if (!uri.startsWith("unix://") || uri.length() == "unix://".length()) {
      throw SwarmException.invalid("invalid host '" + uri + "': use unix:///path/to/swarm.sock or tcp://IP:2377");
    }
    return new DaemonAddress(uri, Path.of(uri.substring("unix://".length())), null, 0, null);
  }

  public boolean isTcp() {
    return socket == null;
  }

  @Override
  public String toString() {
    return uri;
  }
}
