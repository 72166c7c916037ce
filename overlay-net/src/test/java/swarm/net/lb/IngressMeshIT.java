package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.PortConfig;
import swarm.net.sys.HostCommand;

/**
 * The routing mesh on three "nodes" in namespaces ({@link MeshWorld}): service {@code web} publishes 8080/tcp and
 * 8080/udp to port 80 of tasks t1 (on node 1) and t2 (on node 2); node 3 runs no task. The client sits on the
 * underlay, like a user's machine.
 */
class IngressMeshIT {
  private static final PortConfig TCP = MeshWorld.published(8080, 80, PortConfig.Protocol.TCP);
  private static final PortConfig UDP = MeshWorld.published(8080, 80, PortConfig.Protocol.UDP);

  private static MeshWorld world;
  private static final List<IngressMesh> meshes = new ArrayList<>();
  private static final Map<Integer, IngressReturnPath> returnPaths = new HashMap<>();
  /** Each node's and task's tables, rules and routes before anything of the mesh was applied. */
  private static final Map<String, String> baseline = new HashMap<>();

  @BeforeAll
  static void world() {
    assumeTrue(!Boolean.getBoolean("swarm.it.skip"), "swarm.it.skip is set");
    assumeTrue(HostCommand.onPath("nft") && HostCommand.onPath("ip") && new java.io.File(MeshWorld.PYTHON)
        .canExecute(), "needs nft, ip and python3");
    world = new MeshWorld();
    for (int k = 1; k <= 3; k++) {
      meshes.add(new IngressMesh(MeshWorld.ns(world.node(k)), MeshLink.DEFAULT_NAME,
          world.holderIn(world.node(k))));
      returnPaths.put(k, new IngressReturnPath(MeshWorld.ns(world.task(k)), "eth0"));
      baseline.put(world.node(k), world.inventory(world.node(k)));
      baseline.put(world.task(k), world.inventory(world.task(k)));
    }
  }

  @AfterAll
  static void end() {
    if (world != null) {
      world.close();
    }
  }

  /**
   * Publishes {@code ports} of service web with tasks {@code backends} taking traffic, on every node. All three
   * tasks stay attached to the ingress network (a task that is stopping or unhealthy leaves the backends but
   * keeps its return path, so its open connections finish).
   */
  private static NetworkView publish(List<PortConfig> ports, int... backends) {
    List<String> addresses = new ArrayList<>();
    for (int t : backends) {
      addresses.add(MeshWorld.taskIp(t));
    }
    NetworkView view = MeshWorld.ingressView(List.of(new NetworkView.ServiceEntry("web", "web",
        EndpointSpec.Mode.VIP, "10.255.0.200", List.of(), addresses, ports)), 1, 2, 3);
    meshes.forEach(m -> m.apply(view));
    returnPaths.forEach((t, path) -> path.apply(view, "web", "node" + t));
    return view;
  }

  @Test
  void everyNodeAnswersAndTheBackendSeesTheClientsOwnAddress() {
    publish(List.of(TCP, UDP), 1, 2);

    Map<String, Set<String>> backendsByNode = new HashMap<>();
    for (int k = 1; k <= 3; k++) {
      List<String> answers = world.tcp(world.client, MeshWorld.nodeIp(k), 8080, 16);
      // every answer: a backend's name and the address it saw, the client's own
      assertThat(answers).as("through node %d", k).hasSize(16)
          .allMatch(a -> a.equals("t1 " + MeshWorld.CLIENT_IP) || a.equals("t2 " + MeshWorld.CLIENT_IP));
      backendsByNode.put("node" + k, answers.stream().map(a -> a.split(" ")[0]).collect(Collectors.toSet()));
    }
    // node 3 runs no task, yet reaches both backends on the other nodes
    assertThat(backendsByNode.get("node3")).containsExactlyInAnyOrder("t1", "t2");
    assertThat(backendsByNode.get("node1")).containsExactlyInAnyOrder("t1", "t2");
  }

  @Test
  void repliesReturnThroughTheNodeThatDnatedTheConnection() {
    publish(List.of(TCP), 1, 2);

    assertThat(world.tcp(world.client, MeshWorld.nodeIp(3), 8080, 6)).allMatch(a -> a.startsWith("t"));
    // node 3 saw the replies: its conntrack entries for the client are ASSURED (both directions seen) and
    // their reply direction comes from the tasks, i.e. node 3 undid the DNAT
    List<String> seen = world.conntrack(world.node(3)).stream()
        .filter(l -> l.contains(" tcp ") && l.contains("src=" + MeshWorld.CLIENT_IP) && l.contains("dport=8080"))
        .toList();
    assertThat(seen).isNotEmpty().allMatch(l -> l.contains("[ASSURED]"))
        .allMatch(l -> l.contains("src=" + MeshWorld.taskIp(1)) || l.contains("src=" + MeshWorld.taskIp(2)));

    // without the return path the reply takes the task's default route and is lost: the path is what works
    returnPaths.get(1).remove();
    returnPaths.get(2).remove();
    try {
      assertThat(world.tcp(world.client, MeshWorld.nodeIp(3), 8080, 2)).allMatch(a -> a.startsWith("error"));
    } finally {
      publish(List.of(TCP), 1, 2);
    }
  }

  @Test
  void udpThroughTheMeshAnswersFromEveryNodeWithTheClientsAddress() {
    publish(List.of(TCP, UDP), 1, 2);

    for (int k = 1; k <= 3; k++) {
      assertThat(world.udp(world.client, MeshWorld.nodeIp(k), 8080, 8)).as("through node %d", k)
          .allMatch(a -> a.equals("t1 " + MeshWorld.CLIENT_IP) || a.equals("t2 " + MeshWorld.CLIENT_IP));
    }
  }

  @Test
  void aProgramOnTheNodeReachesTheMeshThroughLoopback() {
    publish(List.of(TCP), 1);

    // node 3 has no task: 127.0.0.1 is masqueraded behind its mesh address, the only case the backend does not
    // see the client's own address
    assertThat(world.tcp(world.node(3), "127.0.0.1", 8080, 3)).containsOnly("t1 " + MeshWorld.meshIp(3));
    // its own underlay address is not masqueraded
    assertThat(world.tcp(world.node(3), MeshWorld.nodeIp(3), 8080, 3)).containsOnly("t1 " + MeshWorld.nodeIp(3));
  }

  @Test
  void aRemovedBackendGetsNoNewConnectionsAndOpenOnesSurviveTheTableReplacement() throws Exception {
    publish(List.of(TCP), 1, 2);
    // a connection to t2, open across the change
    try (MeshWorld.OpenConnection open = world.openConnection(world.client, "192.168.77.3", 8080, "t2")) {
      assertThat(open.backend()).isEqualTo("t2");

      publish(List.of(TCP), 1);

      assertThat(world.tcp(world.client, MeshWorld.nodeIp(3), 8080, 20)).containsOnly("t1 " + MeshWorld.CLIENT_IP);
      assertThat(open.exchange()).isEqualTo("t2 still there");
    }
  }

  @Test
  void aRestartedDaemonReappliesWithoutBreakingOpenConnections() throws Exception {
    publish(List.of(TCP), 1, 2);
    try (MeshWorld.OpenConnection open = world.openConnection(world.client, "192.168.77.3", 8080, null)) {
      String backend = open.backend();
      assertThat(backend).isIn("t1", "t2");

      // the daemons stop (holds go, tables stay) and new ones apply the same view with objects of their own
      for (int k = 1; k <= 3; k++) {
        meshes.get(k - 1).close();
        meshes.set(k - 1, new IngressMesh(MeshWorld.ns(world.node(k)), MeshLink.DEFAULT_NAME,
            world.holderIn(world.node(k))));
        returnPaths.put(k, new IngressReturnPath(MeshWorld.ns(world.task(k)), "eth0"));
      }
      publish(List.of(TCP), 1, 2);

      assertThat(open.exchange()).isEqualTo(backend + " still there");
      assertThat(world.tcp(world.client, MeshWorld.nodeIp(3), 8080, 4)).allMatch(a -> a.endsWith(MeshWorld.CLIENT_IP));
    }
  }

  @Test
  void aMeshLinkCarriesTheMacOfItsAddressAndLeavesNothingWhenDetached() {
    MeshLink link = new MeshLink(MeshWorld.ns(world.node(1)), "swarm_mesh2");
    try {
      link.attach(MeshWorld.ns(world.wire), "ig", "10.255.0.50/16");
      link.attach(MeshWorld.ns(world.wire), "ig", "10.255.0.50/16"); // again: no change, no error
      String shown = HostCommand.of("ip", "-n", world.node(1), "addr", "show", "dev", "swarm_mesh2").run()
          .orThrow().stdout();
      assertThat(shown).contains("link/ether 02:42:0a:ff:00:32", "inet 10.255.0.50/16", "mtu 1450", "UP");
      assertThat(world.tcp(world.task(1), "10.255.0.50", 1, 1)).containsExactly("error ConnectionRefusedError");
    } finally {
      link.detach();
    }
    assertThat(link.exists()).isFalse();
    assertThat(HostCommand.of("ip", "-n", world.wire, "link", "show").run().orThrow().stdout())
        .doesNotContain(MeshLink.peerName("10.255.0.50"));
  }

  @Test
  void aPortWithoutBackendsRefusesAtOnce() {
    publish(List.of(TCP));

    assertThat(world.tcp(world.client, MeshWorld.nodeIp(2), 8080, 1)).containsExactly("error ConnectionRefusedError");
  }

  @Test
  void aPortHeldByAnotherProgramIsRefusedByNameAndNothingChanges() throws Exception {
    publish(List.of(TCP), 1);
    Process other = world.start(world.node(1), "busybox", "nc", "-l", "-p", "9090");
    try {
      org.awaitility.Awaitility.await().until(() -> HostCommand.of("ip", "netns", "exec", world.node(1), "ss",
          "-ltn").run().stdout().contains(":9090"));
      NetworkView more = MeshWorld.ingressView(List.of(new NetworkView.ServiceEntry("web", "web",
          EndpointSpec.Mode.VIP, null, List.of(), List.of(MeshWorld.taskIp(1)),
          List.of(TCP, MeshWorld.published(9090, 80, PortConfig.Protocol.TCP)))), 1);

      assertThatThrownBy(() -> meshes.get(0).apply(more)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("9090/tcp");
      // the node's mesh is as before: 8080 still served, 9090 still the other program's
      assertThat(world.tcp(world.client, MeshWorld.nodeIp(1), 8080, 2)).containsOnly("t1 " + MeshWorld.CLIENT_IP);
      assertThat(HostCommand.of("ip", "netns", "exec", world.node(1), "nft", "list", "table", "ip",
          IngressTable.TABLE).run().orThrow().stdout()).doesNotContain("9090");
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void removalLeavesNoTableRuleOrRouteBehind() {
    publish(List.of(TCP), 1, 2);
    publish(List.of(TCP, UDP), 1, 2);
    assertThat(world.inventory(world.task(1))).contains(ReturnRoutes.TABLE, "fwmark", "sport 80");
    assertThat(world.inventory(world.node(1))).contains(IngressTable.TABLE);

    meshes.forEach(IngressMesh::remove);
    returnPaths.values().forEach(IngressReturnPath::remove);

    // exactly what the namespaces held before the mesh came: no table, rule or route of ours
    baseline.forEach((ns, was) -> assertThat(world.inventory(ns)).as(ns).isEqualTo(was));
  }
}
