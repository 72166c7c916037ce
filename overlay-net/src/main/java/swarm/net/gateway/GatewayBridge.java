package swarm.net.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import swarm.net.sys.HostCommand;

/**
 * The host's gateway bridge ({@code swarm_gwbridge}, Docker's {@code docker_gwbridge}) holding the pool's gateway
 * address, and the sysctls that let published ports reach tasks: IPv4 forwarding, and {@code route_localnet} on the
 * bridge so that a connection to {@code 127.0.0.1:PORT} may be forwarded to a task (Docker does the same when its
 * userland proxy is off). Made once, on the first task that needs it; left in place when the daemon stops.
 */
public final class GatewayBridge {
  public static final String NAME = "swarm_gwbridge";

  private final String name;
  private final AddressPool pool;

  public GatewayBridge(String name, AddressPool pool) {
    this.name = name;
    this.pool = pool;
  }

  public String name() {
    return name;
  }

  public AddressPool pool() {
    return pool;
  }

  /** Makes the bridge unless it exists, and sets the sysctls. Not thread-safe: the caller serialises. */
  public void ensure() {
    if (!HostCommand.of(ip(), "link", "show", "dev", name).run().ok()) {
      HostCommand.of(ip(), "-batch", "-").withInput(
          "link add " + name + " type bridge\n"
          + "addr add " + pool.gateway() + "/" + pool.prefixLength() + " dev " + name + "\n"
          + "link set " + name + " up\n").run().orThrow();
    }
    sysctl("net/ipv4/ip_forward", "1");
    sysctl("net/ipv4/conf/" + name + "/route_localnet", "1");
  }

  /** Plugs the host end of a task's veth into the bridge. */
  public void plug(String veth) {
    HostCommand.of(ip(), "link", "set", "dev", veth, "master", name, "up").run().orThrow();
    // Port isolation (Docker's docker_gwbridge has icc=false): tasks reach the host and the world through the bridge,
    // never each other, whatever networks they are on.
    HostCommand.of(ip(), "link", "set", "dev", veth, "type", "bridge_slave", "isolated", "on").run().orThrow();
  }

  static String ip() {
    return HostCommand.locate("ip").map(Path::toString).orElseThrow(() -> new IllegalStateException(
        "ip is not installed (Debian package iproute2): tasks cannot publish ports"));
  }

  /** Writes {@code /proc/sys/KEY}; in this process's network namespace for {@code net/} keys. */
  private static void sysctl(String key, String value) {
    Path file = Path.of("/proc/sys", key);
    try {
      if (!Files.readString(file).strip().equals(value)) {
        Files.writeString(file, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set " + key.replace('/', '.') + "=" + value + ": " + e.getMessage(), e);
    }
  }
}
