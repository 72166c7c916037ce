package swarm.net.firewall;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import swarm.net.sys.HostCommand;

/**
 * Two network namespaces joined by a veth pair on 10.231.7.0/24: {@link #host} (10.231.7.1) plays
 * the node with the firewall, {@link #peer} (10.231.7.2 and .3) plays remote hosts. Names are
 * unique per run; {@link #close()} deletes both even after a failure. Needs root and iproute2.
 */
final class TwoHosts implements AutoCloseable {
  static final String HOST_IP = "10.231.7.1";
  static final String PEER_IP = "10.231.7.2";
  static final String OTHER_PEER_IP = "10.231.7.3";

  final String host;
  final String peer;
  private final List<Process> processes = new ArrayList<>();

  TwoHosts() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    host = "swt-" + run + "-h";
    peer = "swt-" + run + "-p";
    try {
      ip("netns", "add", host);
      ip("netns", "add", peer);
      ip("link", "add", "v0", "netns", host, "type", "veth", "peer", "name", "v1", "netns", peer);
      ip("-n", host, "addr", "add", HOST_IP + "/24", "dev", "v0");
      ip("-n", peer, "addr", "add", PEER_IP + "/24", "dev", "v1");
      ip("-n", peer, "addr", "add", OTHER_PEER_IP + "/24", "dev", "v1");
      for (String[] dev : new String[][] {{host, "v0"}, {host, "lo"}, {peer, "v1"}, {peer, "lo"}}) {
        ip("-n", dev[0], "link", "set", dev[1], "up");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts a TCP listener on {@code HOST_IP:port} inside the host namespace. */
  void listen(int port) throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "exec", host, python(), "-m", "http.server", String.valueOf(port),
        "--bind", HOST_IP)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    processes.add(p);
  }

  /**
   * Opens a TCP connection from {@code sourceIp} in namespace {@code ns} to {@code HOST_IP:port}.
   * Returns "connected", "timed out" (dropped) or whatever else the attempt said.
   */
  String connect(String ns, String sourceIp, int port) {
    String probe = "import socket,sys\n"
        + "s=socket.socket(); s.settimeout(1.5); s.bind((sys.argv[1],0))\n"
        + "try:\n  s.connect((sys.argv[2],int(sys.argv[3]))); print('connected')\n"
        + "except socket.timeout: print('timed out')\n"
        + "except OSError as e: print(e)\n";
    HostCommand.Result r = HostCommand.of("ip", "netns", "exec", ns, python(), "-c", probe, sourceIp, HOST_IP,
        String.valueOf(port)).run();
    return (r.stdout() + r.stderr()).strip();
  }

  static boolean python3Present() {
    return new File(python()).canExecute();
  }

  private static String python() {
    return "/usr/bin/python3";
  }

  @Override
  public void close() {
    processes.forEach(p -> {
      p.destroyForcibly();
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    // Deleting a namespace also deletes its end of the veth pair, and with it the other end.
    HostCommand.of("ip", "netns", "del", host).run();
    HostCommand.of("ip", "netns", "del", peer).run();
  }

  private static void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    HostCommand.of(argv).run().orThrow();
  }
}
