package swarm.net.vxlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import swarm.core.dispatch.NetworkView;
import swarm.core.object.NetworkAttachment;
import swarm.net.gateway.NetworkNamespace;
import swarm.net.sys.HostCommand;

/**
 * Two "nodes" on one machine: network namespaces {@code <run>-n1} (10.231.9.1) and {@code <run>-n2} (10.231.9.2)
 * joined by a veth pair as their underlay, each with its own {@link OverlayNetworks} over a temporary directory,
 * and "tasks": bare network namespaces the test plugs in. Unique names per run; {@link #close()} removes everything
 * even after a failure. Needs root, iproute2 and util-linux.
 */
final class TwoNodes implements AutoCloseable {
  static final String ADDR1 = "10.231.9.1";
  static final String ADDR2 = "10.231.9.2";

  final String host1;
  final String host2;
  final Path dir;
  final List<OverlayNetworks> planes = new ArrayList<>();
  private final List<NetworkNamespace> taskNamespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  TwoNodes() throws IOException {
    String run = "swv-" + UUID.randomUUID().toString().substring(0, 6);
    host1 = run + "-n1";
    host2 = run + "-n2";
    dir = Files.createTempDirectory("swarm-vxlan-it");
    try {
      ip("netns", "add", host1);
      ip("netns", "add", host2);
      ip("link", "add", "u0", "netns", host1, "type", "veth", "peer", "name", "u1", "netns", host2);
      ip("-n", host1, "addr", "add", ADDR1 + "/24", "dev", "u0");
      ip("-n", host2, "addr", "add", ADDR2 + "/24", "dev", "u1");
      for (String[] dev : new String[][] {{host1, "u0"}, {host1, "lo"}, {host2, "u1"}, {host2, "lo"}}) {
        ip("-n", dev[0], "link", "set", dev[1], "up");
      }
      planes.add(plane(1));
      planes.add(plane(2));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A fresh data plane of node {@code n} (1 or 2) over the same directory, as a restarted daemon has. */
  OverlayNetworks plane(int n) {
    return new OverlayNetworks(dir.resolve("node" + n), "node" + n, underlay(n), null);
  }

  NetworkNamespace underlay(int n) {
    return new NetworkNamespace(Path.of("/run/netns", n == 1 ? host1 : host2));
  }

  OverlayNetworks node(int n) {
    return planes.get(n - 1);
  }

  /** A new task namespace, loopback only. */
  NetworkNamespace task(String name) {
    NetworkNamespace ns = NetworkNamespace.create(dir.resolve("tasks").resolve(name));
    taskNamespaces.add(ns);
    return ns;
  }

  static NetworkView view(String id, int vni, String subnet, NetworkView.Endpoint... endpoints) {
    return new NetworkView(id, id, vni, subnet, false, List.of(endpoints), List.of());
  }

  /** Task {@code taskId} on node {@code n} at {@code address}. */
  static NetworkView.Endpoint endpoint(String taskId, int n, String address) {
    return new NetworkView.Endpoint(taskId, "node" + n, address, n == 1 ? ADDR1 : ADDR2);
  }

  static List<NetworkAttachment> on(String networkId, String cidr) {
    return List.of(new NetworkAttachment(networkId, List.of(cidr)));
  }

  /** One ICMP echo from {@code from} to {@code ip}, answered within 2 s. */
  static boolean ping(NetworkNamespace from, String ip) {
    return from.command("busybox", "ping", "-c", "1", "-W", "2", ip).run().ok();
  }

  /** Serves HTTP on {@code ip:port} inside {@code ns} until {@link #close()}. */
  void serveHttp(NetworkNamespace ns, String ip, int port) throws IOException {
    processes.add(new ProcessBuilder(ns.command("/usr/bin/python3", "-m", "http.server", String.valueOf(port),
        "--bind", ip).argv())
        .directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start());
  }

  /** An HTTP GET from {@code ns}: the status code, or what went wrong. */
  static String httpGet(NetworkNamespace ns, String ip, int port) {
    String probe = "import urllib.request,sys\n"
        + "try:\n  print(urllib.request.urlopen('http://'+sys.argv[1]+':'+sys.argv[2]+'/', timeout=2).status)\n"
        + "except Exception as e: print(e)\n";
    HostCommand.Result r = ns.command("/usr/bin/python3", "-c", probe, ip, String.valueOf(port)).run();
    return (r.stdout() + r.stderr()).strip();
  }

  /** {@code ip -o ARGS} in {@code ns}, one line per entry. */
  static List<String> lines(NetworkNamespace ns, String tool, String... args) {
    List<String> argv = new ArrayList<>(List.of(tool));
    argv.addAll(List.of(args));
    return ns.command(argv.toArray(String[]::new)).run().orThrow().stdout().lines()
        .filter(l -> !l.isBlank()).toList();
  }

  /** The names of the links in {@code ns}. */
  static List<String> links(NetworkNamespace ns) {
    return lines(ns, "ip", "-o", "link").stream().map(l -> l.split(":")[1].strip()).sorted().toList();
  }

  /** Network namespace files (nsfs mounts) under the test's directory. */
  long mountsUnderDir() {
    return HostCommand.of("findmnt", "-rn", "-o", "TARGET").run().stdout().lines()
        .filter(l -> l.startsWith(dir.toString())).count();
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
    taskNamespaces.forEach(ns -> {
      try {
        ns.delete();
      } catch (RuntimeException e) {
        // best effort
      }
    });
    HostCommand.of("findmnt", "-rn", "-o", "TARGET").run().stdout().lines()
        .filter(l -> l.startsWith(dir.toString())).forEach(m -> HostCommand.of("umount", m).run());
    HostCommand.of("ip", "netns", "del", host1).run();
    HostCommand.of("ip", "netns", "del", host2).run();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  private static void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    HostCommand.of(argv).run().orThrow();
  }
}
