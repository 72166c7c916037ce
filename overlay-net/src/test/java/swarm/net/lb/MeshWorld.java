package swarm.net.lb;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.PortConfig;
import swarm.net.sys.HostCommand;

/**
 * A small L2 world in network namespaces, standing in for three nodes and the ingress overlay without VXLAN: a
 * "wire" namespace holds two bridges, the underlay ({@code 192.168.77.0/24}: nodes .1-.3 and a client .100) and
 * the ingress network ({@code 10.255.0.0/16}: nodes' mesh addresses .1-.3 plugged by {@link MeshLink}, tasks .11
 * on node 1, .12 on node 2, .13 on node 3). Every interface on the ingress bridge has the MAC address
 * {@link NetworkView#macOf} gives. Tasks also have a default route over a "gateway" interface to an address
 * nobody holds, as real tasks have one through the gateway bridge: a reply that does not take the mesh's return
 * path is lost. Each task runs a server on port 80 (TCP and UDP) answering {@code NAME PEER_ADDRESS}.
 * Names are unique per run; {@link #close()} removes everything. Needs root, iproute2, nft, python3.
 */
final class MeshWorld implements AutoCloseable {
  static final String CLIENT_IP = "192.168.77.100";
  static final String PYTHON = "/usr/bin/python3";
  static final String SERVER = """
      import socket, sys, threading
      name, port = sys.argv[1], int(sys.argv[2])
      def serve(c, a):
          with c:
              c.sendall(f"{name} {a[0]}\\n".encode())
              while True:
                  d = c.recv(4096)
                  if not d:
                      return
                  c.sendall(f"{name} {d.decode().strip()}\\n".encode())
      def udp():
          u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('0.0.0.0', port))
          while True:
              d, a = u.recvfrom(4096); u.sendto(f"{name} {a[0]}\\n".encode(), a)
      threading.Thread(target=udp, daemon=True).start()
      s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      s.bind(('0.0.0.0', port)); s.listen(128)
      print('ready', flush=True)
      while True:
          c, a = s.accept()
          threading.Thread(target=serve, args=(c, a), daemon=True).start()
      """;

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String wire = "lb" + run + "-w";
  final String client = "lb" + run + "-c";
  final List<String> nodes = new ArrayList<>();
  final List<String> tasks = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final Path scripts;

  MeshWorld() {
    try {
      scripts = Files.createTempDirectory("lb" + run);
      Files.writeString(scripts.resolve("server.py"), SERVER);
      ip("netns", "add", wire);
      for (String br : List.of("ul", "ig", "gw")) {
        ip("-n", wire, "link", "add", br, "type", "bridge");
        ip("-n", wire, "link", "set", br, "up");
      }
      sysctlIfPresent(wire, "net.bridge.bridge-nf-call-iptables", "0");
      for (int k = 1; k <= 3; k++) {
        String node = "lb" + run + "-n" + k;
        nodes.add(node);
        plug(node, "eth0", "ul", "192.168.77." + k + "/24", "u" + k);
        new MeshLink(ns(node), MeshLink.DEFAULT_NAME).attach(ns(wire), "ig", meshIp(k) + "/16");
      }
      for (int k = 1; k <= 3; k++) {
        String task = "lb" + run + "-t" + k;
        tasks.add(task);
        plug(task, "eth0", "ig", taskIp(k) + "/16", "t" + k);
        plug(task, "gw0", "gw", "172.31.0." + k + "/24", "g" + k);
        ip("-n", task, "route", "add", "default", "via", "172.31.0.254");
        // a hardened task: strict reverse-path filtering must not drop mesh traffic
        sysctl(task, "net.ipv4.conf.all.rp_filter", "1");
        startServer(task, "t" + k);
      }
      plug(client, "eth0", "ul", CLIENT_IP + "/24", "c");
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  static String meshIp(int node) {
    return "10.255.0." + node;
  }

  static String taskIp(int task) {
    return "10.255.0." + (10 + task);
  }

  static String nodeIp(int node) {
    return "192.168.77." + node;
  }

  static Netns ns(String name) {
    return Netns.at(Path.of("/run/netns", name));
  }

  String node(int k) {
    return nodes.get(k - 1);
  }

  String task(int k) {
    return tasks.get(k - 1);
  }

  /** The ingress view: the three nodes' mesh endpoints, and each task {@code k} of {@code taskNumbers}. */
  static NetworkView ingressView(List<NetworkView.ServiceEntry> services, int... taskNumbers) {
    List<NetworkView.Endpoint> endpoints = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      endpoints.add(new NetworkView.Endpoint(null, "node" + k, meshIp(k), nodeIp(k)));
    }
    for (int t : taskNumbers) {
      endpoints.add(new NetworkView.Endpoint("task" + t, "node" + t, taskIp(t), nodeIp(t)));
    }
    return new NetworkView("ingress-id", "ingress", 4096, "10.255.0.0/16", true, endpoints, services);
  }

  static PortConfig published(int published, int target, PortConfig.Protocol protocol) {
    return new PortConfig(null, protocol, target, published, PortConfig.PublishMode.INGRESS);
  }

  /** A test's {@link PortHolder}: binds the port inside the node's namespace with a process that waits. */
  PortHolder holderIn(String namespace) {
    return port -> {
      String kind = port.protocol() == PortConfig.Protocol.UDP ? "socket.SOCK_DGRAM" : "socket.SOCK_STREAM";
      String code = "import socket,sys\ns=socket.socket(socket.AF_INET," + kind + ")\n"
          + "try:\n  s.bind(('0.0.0.0'," + port.publishedPort() + "))\n"
          + (port.protocol() == PortConfig.Protocol.UDP ? "" : "  s.listen(1)\n")
          + "except OSError as e:\n  print('refused', e, flush=True); sys.exit(1)\n"
          + "print('held', flush=True)\nsys.stdin.read()\n";
      try {
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace, PYTHON, "-c", code).start();
        String said = new String(p.getInputStream().readNBytes(4), java.nio.charset.StandardCharsets.UTF_8);
        if (!said.equals("held")) {
          p.destroyForcibly();
          throw new IllegalStateException("published port " + port.publishedPort() + "/" + port.protocol().wire()
              + " is already in use on this node");
        }
        processes.add(p);
        return (Closeable) p::destroyForcibly;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** Starts a program in {@code namespace}; it is killed on {@link #close()}. */
  Process start(String namespace, String... argv) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(Arrays.asList(argv));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    return p;
  }

  /**
   * A TCP connection from {@code namespace} to {@code address:port}, kept open: connects until a backend named
   * {@code backend} answers (any backend when null), then waits. Killed on {@link #close()} or the world's.
   */
  OpenConnection openConnection(String namespace, String address, int port, String backend) throws IOException {
    Process p = start(namespace, PYTHON, "-c", """
        import socket, sys
        want = sys.argv[3] or None
        while True:
            s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2); s.settimeout(10)
            f = s.makefile()
            first = f.readline().strip().split()[0]
            if want is None or first == want:
                break
            s.close()
        print(first, flush=True)
        sys.stdin.readline()
        s.sendall(b'still there\\n'); print(f.readline().strip(), flush=True)
        """, address, Integer.toString(port), backend == null ? "" : backend);
    return new OpenConnection(p);
  }

  /** An {@link #openConnection}: the backend it reached, and one more exchange on it. */
  static final class OpenConnection implements AutoCloseable {
    private final Process process;
    private final java.io.BufferedReader out;
    private final String backend;

    private OpenConnection(Process process) throws IOException {
      this.process = process;
      this.out = process.inputReader();
      this.backend = out.readLine();
    }

    /** The name of the backend this connection reached. */
    String backend() {
      return backend;
    }

    /** Sends a line on the open connection and returns the backend's answer ({@code NAME still there}). */
    String exchange() throws IOException {
      process.outputWriter().write("go\n");
      process.outputWriter().flush();
      return out.readLine();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Runs a python script in {@code namespace}; its output lines. */
  List<String> python(String namespace, String code, String... args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace, PYTHON, "-c", code));
    argv.addAll(Arrays.asList(args));
    HostCommand.Result r = HostCommand.of(argv).withTimeout(java.time.Duration.ofSeconds(60)).run();
    if (!r.ok()) {
      throw new IllegalStateException(r.failure());
    }
    return r.stdout().lines().toList();
  }

  /** {@code count} TCP connections from {@code namespace} to {@code address:port}: each first line, or the error. */
  List<String> tcp(String namespace, String address, int port, int count) {
    return python(namespace, """
        import socket, sys
        for i in range(int(sys.argv[3])):
            try:
                s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
                s.settimeout(2)
                print(s.makefile().readline().strip(), flush=True)
                s.close()
            except OSError as e:
                print('error', type(e).__name__, flush=True)
        """, address, String.valueOf(port), String.valueOf(count));
  }

  /** {@code count} UDP queries from {@code namespace} to {@code address:port}: each answer, or the error. */
  List<String> udp(String namespace, String address, int port, int count) {
    return python(namespace, """
        import socket, sys
        for i in range(int(sys.argv[3])):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
            try:
                s.sendto(b'q', (sys.argv[1], int(sys.argv[2])))
                print(s.recv(4096).decode().strip(), flush=True)
            except OSError as e:
                print('error', type(e).__name__, flush=True)
            s.close()
        """, address, String.valueOf(port), String.valueOf(count));
  }

  /** The namespace's conntrack table, one line per entry. */
  List<String> conntrack(String namespace) {
    return python(namespace, "print(open('/proc/net/nf_conntrack').read(), end='')");
  }

  void sysctl(String namespace, String key, String value) {
    ip("netns", "exec", namespace, "sysctl", "-q", "-w", key + "=" + value);
  }

  /** What the namespace holds that the mesh may add to: nft tables, IPv4 rules, IPv4 routes in all tables. */
  String inventory(String namespace) {
    return HostCommand.of("ip", "netns", "exec", namespace, "nft", "list", "tables").run().orThrow().stdout()
        + HostCommand.of("ip", "-4", "-n", namespace, "rule", "show").run().orThrow().stdout()
        + HostCommand.of("ip", "-4", "-n", namespace, "route", "show", "table", "all").run().orThrow().stdout();
  }

  private void startServer(String namespace, String name) throws IOException {
    Process p = start(namespace, PYTHON, scripts.resolve("server.py").toString(), name, "80");
    String said = new String(p.getInputStream().readNBytes(5), java.nio.charset.StandardCharsets.UTF_8);
    if (!said.equals("ready")) {
      throw new IllegalStateException("server in " + namespace + " did not start: " + said);
    }
  }

  private void plug(String namespace, String ifname, String bridge, String cidr, String wireEnd) {
    if (!HostCommand.of("ip", "netns", "list").run().orThrow().stdout().contains(namespace)) {
      ip("netns", "add", namespace);
      ip("-n", namespace, "link", "set", "lo", "up");
    }
    ip("-n", wire, "link", "add", wireEnd, "type", "veth", "peer", "name", ifname, "netns", namespace);
    ip("-n", wire, "link", "set", wireEnd, "master", bridge, "up");
    String address = cidr.substring(0, cidr.indexOf('/'));
    ip("-n", namespace, "link", "set", ifname, "address", NetworkView.macOf(address));
    ip("-n", namespace, "addr", "add", cidr, "dev", ifname);
    ip("-n", namespace, "link", "set", ifname, "up");
  }

  private static void sysctlIfPresent(String namespace, String key, String value) {
    HostCommand.of("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", key + "=" + value).run();
  }

  static void ip(String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(Arrays.asList(args));
    HostCommand.of(argv).run().orThrow();
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
    for (Process p : processes) {
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> all = new ArrayList<>(List.of(client, wire));
    all.addAll(nodes);
    all.addAll(tasks);
    for (String n : all) {
      HostCommand.of("ip", "netns", "del", n).run();
    }
    if (scripts != null) {
      scripts.resolve("server.py").toFile().delete();
      scripts.toFile().delete();
    }
  }
}
