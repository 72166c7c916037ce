package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.lines;
import static swarm.testbed.SwarmCli.ok;
import static swarm.testbed.SwarmCli.running;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import swarm.core.json.Json;

/**
 * Overlay networks on real hosts: three testbed hosts (h1 the manager, h2 and h3 workers), busybox containers that
 * serve {@code <hostname> <client address>} over HTTP (a CGI script), and what a user relies on: tasks reach each
 * other across hosts over VXLAN and only on networks they share; a service's name resolves to its VIP, {@code
 * tasks.NAME} and dnsrr names to task addresses; the VIP balances to every task; the routing mesh answers on every
 * node, also one without a task, and the backend sees the client's own address; a killed task leaves the VIPs; and
 * removal leaves nothing behind. Commands inside a task run in its network namespace ({@code nsenter -n}) with the
 * host's busybox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayNetworkIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SERVE = "mkdir -p /www/cgi-bin"
      + " && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $(hostname) $REMOTE_ADDR\\n'"
      + " > /www/cgi-bin/who && chmod +x /www/cgi-bin/who && exec httpd -f -p 80 -h /www";
  private static final Pattern INET = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(3);

  private Host h1;
  private Host h2;
  private Host h3;

  @BeforeAll
  void formSwarm() throws Exception {
    h1 = testbed.host(1);
    h2 = testbed.host(2);
    h3 = testbed.host(3);
    init(h1);
    importBusybox(testbed, "busybox:test");
    join(h2, h1, "worker");
    join(h3, h1, "worker");
    awaitReadyNodes(h1, 3);
  }

  @Test
  @Order(1)
  void networksAreCreatedListedAndInspected() throws Exception {
    ok(h1, "network", "create", "--driver", "overlay", "appnet");
    ok(h1, "network", "create", "-d", "overlay", "--subnet", "10.0.77.0/24", "othernet");

    List<JsonNode> ls = lines(ok(h1, "network", "ls", "--format", "json").out());
    assertThat(ls).extracting(n -> n.path("Name").asText()).contains("appnet", "othernet", "ingress");
    JsonNode other = Json.read(ok(h1, "network", "inspect", "othernet").out(), JsonNode.class);
    JsonNode o = other.isArray() ? other.get(0) : other;
    assertThat(o.path("Driver").asText()).isEqualTo("overlay");
    assertThat(o.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.0.77.0/24");
  }

  @Test
  @Order(2)
  void tasksOnAnOverlayReachEachOtherAcrossHostsAndOnlyThere() throws Exception {
    ok(h1, "service", "create", "--name", "web", "--mode", "global", "--network", "appnet",
        "--stop-grace-period", "1s", "busybox:test", "sh", "-c", SERVE);
    ok(h1, "service", "create", "--name", "other", "--mode", "global", "--network", "othernet",
        "--stop-grace-period", "1s", "busybox:test", "sh", "-c", SERVE);
    await().atMost(WAIT).until(() -> running(h1, "web") == 3 && running(h1, "other") == 3);

    Map<Host, String> web = addresses("web");
    Map<Host, String> other = addresses("other");
    assertThat(web).hasSize(3);
    for (Host from : testbed.hosts()) {
      for (Host to : testbed.hosts()) {
        String answer = await().atMost(WAIT).until(() -> fetchInTask(from, "web", web.get(to)), a -> a != null);
        assertThat(answer).as("%s's task fetching %s's task", from, to).startsWith(hostnameOf(to, "web"));
      }
    }
    // The source address the backend saw is the caller's overlay address: no NAT on the overlay.
    assertThat(fetchInTask(h1, "web", web.get(h2))).endsWith(" " + web.get(h1));
    // Isolation: a task on appnet reaches no task on othernet, not even by its address.
    assertThat(fetchInTask(h1, "web", other.get(h2))).isNull();
    assertThat(fetchInTask(h1, "web", other.get(h1))).isNull();
  }

  @Test
  @Order(3)
  void tasksOnOverlaysReachTheWorldThroughTheirNodeButNotEachOtherThere() throws Exception {
    // Egress: h1's own address is outside every overlay; the task's node masquerades it out of swarm_gwbridge.
    String task = Long.toString(pidOf(h2, "web"));
    assertThat(h2.exec("nsenter", "-t", task, "-n", "busybox", "ping", "-c1", "-W2", h1.ip()).ok())
        .as("a task on h2 pinging h1's underlay address").isTrue();
    // The gateway bridge's ports are isolated: other's task on h1 is not reachable from web's by its eth0 address.
    String otherGateway = gatewayAddress(h1, "other");
    assertThat(fetchInTask(h1, "web", otherGateway)).isNull();
  }

  @Test
  @Order(4)
  void namesResolveToTheVipAndTaskAddressesOnlyOnSharedNetworks() throws Exception {
    ok(h1, "service", "create", "--name", "rr", "--replicas", "2", "--endpoint-mode", "dnsrr", "--network", "appnet",
        "--stop-grace-period", "1s", "busybox:test", "sh", "-c", SERVE);
    await().atMost(WAIT).until(() -> running(h1, "rr") == 2);
    String vip = vip("web", "appnet");
    Set<String> webTasks = new HashSet<>(addresses("web").values());

    await().atMost(WAIT).until(() -> lookup(h2, "web", "web").equals(Set.of(vip)));
    assertThat(lookup(h2, "web", "tasks.web")).isEqualTo(webTasks);
    await().atMost(WAIT).until(() -> lookup(h2, "web", "rr").size() == 2);
    assertThat(lookup(h2, "web", "rr")).isEqualTo(lookup(h2, "web", "tasks.rr"));
    // other is on othernet only: web's tasks do not see its name.
    assertThat(lookup(h2, "web", "other")).isEmpty();
  }

  @Test
  @Order(5)
  void theVipBalancesToEveryTask() throws Exception {
    Set<String> hostnames = new HashSet<>();
    for (Host h : testbed.hosts()) {
      hostnames.add(hostnameOf(h, "web"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 40 && !seen.equals(hostnames); i++) {
      String a = fetchInTask(h1, "web", "web");
      if (a != null) {
        seen.add(a.split(" ")[0]);
      }
    }
    assertThat(seen).isEqualTo(hostnames);
  }

  @Test
  @Order(6)
  void theMeshAnswersOnEveryNodeAndTheBackendSeesTheClient() throws Exception {
    ok(h1, "service", "create", "--name", "mesh", "--replicas", "1", "--publish", "8080:80",
        "--constraint", "node.hostname==" + h2.namespace(), "--stop-grace-period", "1s",
        "busybox:test", "sh", "-c", SERVE);
    await().atMost(WAIT).until(() -> running(h1, "mesh") == 1);
    String backend = hostnameOf(h2, "mesh");

    // h3 runs no task of mesh; h1 asks h3, h3 asks h1, and h2 is asked by h1.
    for (Host[] pair : new Host[][] {{h1, h3}, {h3, h1}, {h1, h2}}) {
      Host client = pair[0];
      Host node = pair[1];
      String answer = await().atMost(WAIT).until(() -> fetchFromHost(client, node.ip() + ":8080"), a -> a != null);
      assertThat(answer).as("%s asking %s's port 8080", client, node).isEqualTo(backend + " " + client.ip());
    }
  }

  @Test
  @Order(7)
  void aPublishedPortLeftToTheSwarmIsPickedAndServedByTheMesh() throws Exception {
    ok(h1, "service", "create", "--name", "auto", "--replicas", "1", "-p", "80", "--stop-grace-period", "1s",
        "busybox:test", "sh", "-c", SERVE);
    await().atMost(WAIT).until(() -> running(h1, "auto") == 1);
    JsonNode port = Json.read(ok(h1, "service", "inspect", "auto").out(), JsonNode.class)
        .path(0).path("Endpoint").path("Ports").path(0);
    int published = port.path("PublishedPort").asInt();
    assertThat(published).as("%s", port).isBetween(30000, 32767);
    assertThat(port.path("TargetPort").asInt()).isEqualTo(80);
    String answer = await().atMost(WAIT).until(() -> fetchFromHost(h3, h1.ip() + ":" + published), a -> a != null);
    assertThat(answer).endsWith(" " + h3.ip());
    ok(h1, "service", "rm", "auto");
  }

  @Test
  @Order(8)
  void aKilledTaskLeavesTheVipOfEveryOtherTask() throws Exception {
    String victim = addresses("web").get(h3);
    long pid = pidOf(h3, "web");
    String observer = Long.toString(pidOf(h1, "web"));
    assertThat(vipTable(h1, observer)).contains(victim);
    long start = System.nanoTime();
    assertThat(h3.exec("kill", "-9", Long.toString(pid)).ok()).isTrue();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> !vipTable(h1, observer).contains(victim));
    System.out.printf("OverlayNetworkIT: a killed task left the other tasks' VIP tables after %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  @Order(9)
  void anUnhealthyTaskLeavesTheVipOfEveryOtherTask() throws Exception {
    ok(h1, "service", "create", "--name", "hc", "--mode", "global", "--network", "appnet",
        "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s", "--health-retries", "1",
        "--stop-grace-period", "1s", "busybox:test", "sh", "-c", "touch /tmp/ok && " + SERVE);
    await().atMost(WAIT).until(() -> running(h1, "hc") == 3);
    String victim = addresses("hc").get(h3);
    String observer = Long.toString(pidOf(h1, "web"));
    await().atMost(WAIT).until(() -> vipTable(h1, observer).contains(victim));

    long start = System.nanoTime();
    assertThat(h3.exec("nsenter", "-t", Long.toString(pidOf(h3, "hc")), "-m", "rm", "/tmp/ok").ok()).isTrue();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> !vipTable(h1, observer).contains(victim));
    System.out.printf("OverlayNetworkIT: a task that turned unhealthy (1 s interval, 1 retry) left the other tasks' "
        + "VIP tables %d ms after its check began to fail%n", (System.nanoTime() - start) / 1_000_000);
    ok(h1, "service", "rm", "hc");
  }

  @Test
  @Order(10)
  void aRestartedWorkerDaemonKeepsItsTasksAndTheirConnections() throws Exception {
    ok(h1, "service", "create", "--name", "echo", "--replicas", "1", "--publish", "9000:9000",
        "--constraint", "node.hostname==" + h2.namespace(), "--stop-grace-period", "1s",
        "busybox:test", "nc", "-ll", "-p", "9000", "-e", "cat");
    await().atMost(WAIT).until(() -> running(h1, "echo") == 1);
    Set<String> tasksBefore = taskIds("echo");
    long pidBefore = pidOf(h2, "echo");

    // A connection from h1 through its mesh port to the task on h2, kept open across the restart.
    ProcessBuilder client = new ProcessBuilder("ip", "netns", "exec", h1.namespace(), "python3", "-c", """
        import socket, sys
        s = socket.create_connection((sys.argv[1], 9000), timeout=5); s.settimeout(30); f = s.makefile()
        for line in sys.stdin:
            s.sendall(line.encode()); print(f.readline().strip(), flush=True)
        """, h1.ip());
    Process p = client.start();
    try (var in = p.outputWriter(); var out = p.inputReader()) {
      in.write("before\n");
      in.flush();
      assertThat(out.readLine()).isEqualTo("before");

      h2.restart();
      awaitReadyNodes(h1, 3);

      in.write("after\n");
      in.flush();
      assertThat(out.readLine()).as("the same connection after %s's daemon restarted", h2).isEqualTo("after");
    } finally {
      p.destroyForcibly();
    }
    assertThat(taskIds("echo")).as("no task replaced").isEqualTo(tasksBefore);
    assertThat(pidOf(h2, "echo")).as("the same container, adopted").isEqualTo(pidBefore);
    ok(h1, "service", "rm", "echo");
  }

  @Test
  @Order(11)
  void outsideNamesAreAskedOfTheHostsResolvers() throws Exception {
    // A resolver on h1 that answers every A query with 192.0.2.53; h2's daemon reads its resolv.conf again.
    Process upstream = new ProcessBuilder("ip", "netns", "exec", h1.namespace(), "python3", "-c", """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 53)); print("ready", flush=True)
        while True:
            q, peer = s.recvfrom(512)
            end = 12
            while q[end] != 0: end += q[end] + 1
            end += 5
            answer = bytes.fromhex("c00c000100010000003c0004") + bytes([192, 0, 2, 53])
            s.sendto(q[:2] + bytes.fromhex("81800001000100000000") + q[12:end] + answer, peer)
        """, h1.ip()).start();
    try {
      assertThat(upstream.inputReader().readLine()).isEqualTo("ready");
      String task = Long.toString(pidOf(h2, "mesh"));
      Files.writeString(h2.resolvConf(), "nameserver " + h1.ip() + "\n");

      String answer = await().atMost(WAIT).until(() -> h2.exec("timeout", "10", "nsenter", "-t", task, "-m", "-n",
          "busybox", "nslookup", "outside.example").out(), out -> out.contains("192.0.2.53"));
      assertThat(answer).as("asked of the embedded server").contains("127.0.0.11");
    } finally {
      upstream.destroyForcibly();
      Files.writeString(h2.resolvConf(), "");
    }
  }

  @Test
  @Order(12)
  void removalLeavesNoNetworkBehind() throws Exception {
    ok(h1, "service", "rm", "web", "other", "rr", "mesh");
    await().atMost(WAIT).until(() -> lines(ok(h1, "service", "ls", "--format", "json").out()).isEmpty());
    ok(h1, "network", "rm", "appnet", "othernet");
    assertThat(ok(h1, "network", "ls", "--format", "json").out()).doesNotContain("appnet", "othernet");
    for (Host h : testbed.hosts()) {
      await().atMost(WAIT).until(() -> h.runcContainers().isEmpty());
      // Only the ingress network stays on each node (the mesh); no task namespace, no other overlay.
      await().atMost(WAIT).until(() -> files(h.dataDir().resolve("network/netns")).isEmpty()
          && files(h.dataDir().resolve("network/overlay/netns")).size() <= 1);
      assertThat(h.exec("ip", "-o", "link", "show", "type", "veth").out()).as("%s", h).containsOnlyOnce("swarm_mesh");
    }
  }

  @Test
  @Order(13)
  void aNodeThatLeavesTakesTheMeshAndIngressAway() throws Exception {
    ok(h3, "leave");
    assertThat(h3.exec("ip", "-o", "link", "show", "swarm_mesh").ok()).isFalse();
    assertThat(h3.exec("nft", "list", "table", "ip", "swarm_ingress").ok()).isFalse();
    await().atMost(WAIT).until(() -> files(h3.dataDir().resolve("network/overlay/netns")).isEmpty());
  }

  @Test
  @Order(14)
  void overlayFramesFromAnAddressThatIsNoNodeAreDropped() throws Exception {
    // A stranger on the underlay: an address of h3's link that no node has (h3 itself has left by now, too).
    String stranger = h3.ip().substring(0, h3.ip().lastIndexOf('.')) + ".200";
    assertThat(h3.exec("ip", "addr", "add", stranger + "/24", "dev", "eth0").ok()).isTrue();
    long before = vxlanDrops(h2);
    var sent = h3.exec("python3", "-c", """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 0))
        frame = bytes.fromhex("0800000000100000") + bytes(64)  # VXLAN header, VNI 4096 (ingress), then junk
        for _ in range(5): s.sendto(frame, (sys.argv[2], 4789))
        """, stranger, h2.ip());
    assertThat(sent.ok()).as(sent.err()).isTrue();
    await().atMost(WAIT).until(() -> vxlanDrops(h2) >= before + 5);
  }

  /** Packets {@code h}'s allow-list dropped on the overlay data port, from the rule's counter. */
  private static long vxlanDrops(Host h) throws Exception {
    Matcher m = Pattern.compile("udp dport 4789 counter packets (\\d+) bytes \\d+ drop")
        .matcher(h.exec("nft", "list", "ruleset").out());
    assertThat(m.find()).as("the allow-list's VXLAN drop rule on %s", h).isTrue();
    return Long.parseLong(m.group(1));
  }

  // ---- helpers ----


  /** The overlay address (eth1) of {@code service}'s task on each host that runs one. */
  private Map<Host, String> addresses(String service) throws Exception {
    Map<Host, String> out = new LinkedHashMap<>();
    for (Host h : testbed.hosts()) {
      for (long pid : pidsOf(h, service)) {
        var r = h.exec("nsenter", "-t", Long.toString(pid), "-n", "busybox", "ip", "-4", "addr", "show", "eth1");
        Matcher m = INET.matcher(r.out());
        if (m.find()) {
          out.put(h, m.group(1));
        }
      }
    }
    return out;
  }

  private String vip(String service, String network) throws Exception {
    JsonNode s = Json.read(ok(h1, "service", "inspect", service).out(), JsonNode.class);
    JsonNode svc = s.isArray() ? s.get(0) : s;
    JsonNode net = Json.read(ok(h1, "network", "inspect", network).out(), JsonNode.class);
    String netId = (net.isArray() ? net.get(0) : net).path("Id").asText();
    for (JsonNode v : svc.path("Endpoint").path("VirtualIPs")) {
      if (v.path("NetworkID").asText().equals(netId)) {
        return v.path("Addr").asText().split("/")[0];
      }
    }
    throw new AssertionError("no VIP of " + service + " on " + network + ": " + svc.path("Endpoint"));
  }

  /** The A records the embedded DNS server gives {@code service}'s task on {@code h} for {@code name}. */
  private Set<String> lookup(Host h, String service, String name) throws Exception {
    var r = h.exec("nsenter", "-t", Long.toString(pidOf(h, service)), "-n", "timeout", "5", "busybox", "nslookup",
        name, "127.0.0.11");
    Set<String> found = new HashSet<>();
    boolean answers = false;
    for (String line : r.out().lines().toList()) {
      if (line.startsWith("Name:")) {
        answers = true;
      }
      Matcher m = Pattern.compile("Address(?: \\d+)?:\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(line);
      if (answers && m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  /** What {@code http://TARGET/cgi-bin/who} answers inside {@code service}'s task on {@code h}; null if nothing. */
  private String fetchInTask(Host h, String service, String target) throws Exception {
    // In the container's mount namespace too: its /etc/resolv.conf names the embedded DNS server.
    var r = h.exec("timeout", "3", "nsenter", "-t", Long.toString(pidOf(h, service)), "-m", "-n", "busybox", "wget", "-q",
        "-O", "-", "http://" + target + "/cgi-bin/who");
    return r.ok() ? plainAddress(r.out().strip()) : null;
  }

  /** What {@code http://TARGET/cgi-bin/who} answers from {@code h}'s host namespace; null if nothing. */
  private static String fetchFromHost(Host h, String target) throws Exception {
    var r = h.exec("timeout", "5", "busybox", "wget", "-q", "-O", "-", "http://" + target + "/cgi-bin/who");
    return r.ok() ? plainAddress(r.out().strip()) : null;
  }

  /** busybox httpd gives CGI the client's address IPv4-mapped: {@code [::ffff:10.0.1.5]} is 10.0.1.5. */
  private static String plainAddress(String answer) {
    return answer.replace("[::ffff:", "").replace("]", "");
  }

  /** The address of {@code service}'s task on {@code h} on the node's gateway bridge ({@code eth0}). */
  private String gatewayAddress(Host h, String service) throws Exception {
    String out = h.exec("nsenter", "-t", Long.toString(pidOf(h, service)), "-n", "ip", "-4", "-o", "addr", "show",
        "eth0").out();
    Matcher m = INET.matcher(out);
    assertThat(m.find()).as("eth0 of %s on %s: %s", service, h, out).isTrue();
    return m.group(1);
  }

  /** Every task of {@code service}, whatever its state. */
  private Set<String> taskIds(String service) throws Exception {
    Set<String> ids = new HashSet<>();
    for (JsonNode t : lines(ok(h1, "service", "ps", service, "--no-trunc", "--format", "json").out())) {
      ids.add(t.path("ID").asText());
    }
    return ids;
  }

  /** The VIP table in the namespace of the container with process {@code pid} on {@code h}. */
  private static String vipTable(Host h, String pid) throws Exception {
    return h.exec("nsenter", "-t", pid, "-n", "nft", "list", "table", "ip", "swarm_vip").out();
  }

  private String hostnameOf(Host h, String service) throws Exception {
    return h.exec("nsenter", "-t", Long.toString(pidOf(h, service)), "-u", "hostname").out().strip();
  }

  private long pidOf(Host h, String service) throws Exception {
    List<Long> pids = pidsOf(h, service);
    assertThat(pids).as("running tasks of %s on %s", service, h).isNotEmpty();
    return pids.get(0);
  }

  /** Pids of the running containers of {@code service}'s tasks on {@code h}. */
  private List<Long> pidsOf(Host h, String service) throws Exception {
    Set<String> ids = new HashSet<>();
    for (JsonNode t : lines(ok(h1, "service", "ps", service, "--no-trunc", "--format", "json").out())) {
      if (t.path("Node").asText().equals(h.namespace()) && t.path("CurrentState").asText().startsWith("Running")) {
        ids.add(t.path("ID").asText());
      }
    }
    List<Long> pids = new ArrayList<>();
    for (JsonNode c : h.runningContainers()) {
      if (ids.contains(c.path("id").asText())) {
        pids.add(c.path("pid").asLong());
      }
    }
    return pids;
  }

  private static List<Path> files(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
