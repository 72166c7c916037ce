package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.EndpointSpec;
import swarm.net.sys.HostCommand;

/**
 * VIP load balancing in a task's namespace ({@link MeshWorld}'s task 3 is the client; tasks 1 and 2 serve port
 * 80). The world's ingress bridge stands in for an overlay network here: the view is an ordinary one.
 */
class VipIT {
  private static final String VIP = "10.255.0.100";
  private static final String EMPTY_VIP = "10.255.0.101";
  private static final String IDLE = """
      import socket, sys, time
      s = socket.create_connection((sys.argv[1], 80), timeout=3); s.settimeout(3)
      f = s.makefile()
      print(f.readline().strip(), flush=True)
      time.sleep(float(sys.argv[2]))
      try:
          s.sendall(b'ping\\n')
          line = f.readline().strip()
          print(line if line else 'closed', flush=True)
      except OSError as e:
          print('error', type(e).__name__, flush=True)
      """;

  private static MeshWorld world;
  private static String client;
  private static String baseline;

  @BeforeAll
  static void world() {
    assumeTrue(!Boolean.getBoolean("swarm.it.skip"), "swarm.it.skip is set");
    assumeTrue(HostCommand.onPath("nft") && HostCommand.onPath("ip") && new java.io.File(MeshWorld.PYTHON)
        .canExecute(), "needs nft, ip and python3");
    world = new MeshWorld();
    client = world.task(3);
    baseline = world.inventory(client);
  }

  @AfterAll
  static void end() {
    if (world != null) {
      world.close();
    }
  }

  /** The view of the network: service api on {@link #VIP} with tasks {@code backends}; service empty without. */
  private static List<NetworkView> views(int... backends) {
    List<String> addresses = new ArrayList<>();
    for (int t : backends) {
      addresses.add(MeshWorld.taskIp(t) + "/16");
    }
    List<NetworkView.Endpoint> endpoints = new ArrayList<>();
    for (int t = 1; t <= 3; t++) {
      endpoints.add(new NetworkView.Endpoint("task" + t, "node" + t, MeshWorld.taskIp(t), MeshWorld.nodeIp(t)));
    }
    return List.of(new NetworkView("backend-id", "backend", 4097, "10.255.0.0/16", false, endpoints, List.of(
        new NetworkView.ServiceEntry("api", "api", EndpointSpec.Mode.VIP, VIP + "/16", List.of(), addresses, null),
        new NetworkView.ServiceEntry("empty", "empty", EndpointSpec.Mode.VIP, EMPTY_VIP + "/16", List.of(),
            List.of(), null),
        new NetworkView.ServiceEntry("rr", "rr", EndpointSpec.Mode.DNSRR, null, List.of(), addresses, null))));
  }

  @Test
  void theVipReachesEveryBackendOverTcpAndUdp() {
    new VipBalancer(Duration.ofHours(24)).apply(MeshWorld.ns(client), views(1, 2));

    List<String> tcp = world.tcp(client, VIP, 80, 40);
    assertThat(tcp).hasSize(40).allMatch(a -> a.equals("t1 " + MeshWorld.taskIp(3)) || a.equals("t2 "
        + MeshWorld.taskIp(3)));
    assertThat(tcp.stream().map(a -> a.split(" ")[0]).collect(Collectors.toSet())).containsExactlyInAnyOrder(
        "t1", "t2");
    List<String> udp = world.udp(client, VIP, 80, 20);
    assertThat(udp.stream().map(a -> a.split(" ")[0]).collect(Collectors.toSet())).containsExactlyInAnyOrder(
        "t1", "t2");
  }

  @Test
  void aRemovedBackendGetsNoNewConnectionsWhileOpenOnesGoOnAcrossAReapply() throws Exception {
    VipBalancer balancer = new VipBalancer(Duration.ofHours(24));
    balancer.apply(MeshWorld.ns(client), views(1, 2));
    try (MeshWorld.OpenConnection open = world.openConnection(client, VIP, 80, "t2")) {
      assertThat(open.backend()).isEqualTo("t2");

      balancer.apply(MeshWorld.ns(client), views(1));
      // a restarted daemon applies the same view again with a balancer of its own
      new VipBalancer(Duration.ofHours(24)).apply(MeshWorld.ns(client), views(1));

      assertThat(world.tcp(client, VIP, 80, 20)).containsOnly("t1 " + MeshWorld.taskIp(3));
      assertThat(open.exchange()).isEqualTo("t2 still there");
    }
  }

  @Test
  void aVipWithoutBackendsRefusesAtOnce() {
    new VipBalancer(Duration.ofHours(24)).apply(MeshWorld.ns(client), views(1, 2));

    long start = System.nanoTime();
    assertThat(world.tcp(client, EMPTY_VIP, 80, 1)).containsExactly("error ConnectionRefusedError");
    // a datagram to it is dropped at the sender, so sendto fails at once (EPERM), as iptables REJECT does
    assertThat(world.udp(client, EMPTY_VIP, 80, 1)).containsExactly("error PermissionError");
    // refused, not timed out (each probe waits 2 s before giving up)
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void theVipIdleTimeoutNotTheNamespacesDefaultDecidesHowLongAnIdleConnectionLives() {
    // the namespace's own default is shorter than the idle time; the VIP's timeout is longer: it survives
    world.sysctl(client, "net.netfilter.nf_conntrack_tcp_timeout_established", "2");
    try {
      new VipBalancer(Duration.ofSeconds(30)).apply(MeshWorld.ns(client), views(1));
      assertThat(world.python(client, IDLE, VIP, "5")).containsExactly("t1 " + MeshWorld.taskIp(3), "t1 ping");
    } finally {
      world.sysctl(client, "net.netfilter.nf_conntrack_tcp_timeout_established", "432000");
    }

    // the namespace's default is long; the VIP's timeout is shorter than the idle time: the connection is cut
    new VipBalancer(Duration.ofSeconds(2)).apply(MeshWorld.ns(client), views(1));
    List<String> cut = world.python(client, IDLE, VIP, "5");
    assertThat(cut.get(0)).isEqualTo("t1 " + MeshWorld.taskIp(3));
    assertThat(cut.get(1)).isIn("error ConnectionResetError", "closed");
  }

  @Test
  void removingTheBalancerLeavesTheNamespaceAsItWas() {
    VipBalancer balancer = new VipBalancer(Duration.ofHours(24));
    balancer.apply(MeshWorld.ns(client), views(1, 2));
    assertThat(world.inventory(client)).contains(VipTable.TABLE);

    balancer.remove(MeshWorld.ns(client));

    assertThat(world.inventory(client)).isEqualTo(baseline);
    assertThat(world.tcp(client, VIP, 80, 1)).containsExactly("error TimeoutError");
    // without any VIP there is no table either
    balancer.apply(MeshWorld.ns(client), List.of());
    assertThat(world.inventory(client)).isEqualTo(baseline);
  }
}
