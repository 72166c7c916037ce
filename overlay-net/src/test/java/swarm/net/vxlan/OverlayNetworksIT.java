package swarm.net.vxlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static swarm.net.vxlan.TwoNodes.endpoint;
import static swarm.net.vxlan.TwoNodes.on;
import static swarm.net.vxlan.TwoNodes.ping;
import static swarm.net.vxlan.TwoNodes.view;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.net.gateway.NetworkNamespace;
import swarm.net.sys.HostCommand;

/** The overlay data plane on two nodes made of network namespaces joined by an underlay veth. */
class OverlayNetworksIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @BeforeEach
  void needsRootAndTools() {
    assumeTrue(!Boolean.getBoolean("swarm.it.skip"), "swarm.it.skip is set");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces, VXLAN)");
    assumeTrue(HostCommand.onPath("ip") && HostCommand.onPath("bridge") && HostCommand.onPath("nsenter"),
        "needs iproute2 and util-linux");
    assumeTrue(HostCommand.onPath("busybox") && new File("/usr/bin/python3").canExecute(),
        "needs busybox (ping) and /usr/bin/python3 (HTTP)");
  }

  @Test
  void tasksOnOneNetworkReachEachOtherAcrossNodesByPingAndTcp() throws Exception {
    try (TwoNodes net = new TwoNodes()) {
      NetworkView a = view("neta", 4101, "10.0.1.0/24", endpoint("t1", 1, "10.0.1.2/24"),
          endpoint("t2", 2, "10.0.1.3/24"));
      net.node(1).update(List.of(a));
      net.node(2).update(List.of(a));
      NetworkNamespace t1 = net.task("t1");
      NetworkNamespace t2 = net.task("t2");

      net.node(1).attach("t1", t1, on("neta", "10.0.1.2/24"));
      net.node(2).attach("t2", t2, on("neta", "10.0.1.3/24"));

      assertThat(TwoNodes.lines(t1, "ip", "-o", "addr", "show", "dev", "eth1"))
          .anyMatch(l -> l.contains("inet 10.0.1.2/24"));
      assertThat(TwoNodes.lines(t1, "ip", "-o", "link", "show", "dev", "eth1"))
          .anyMatch(l -> l.contains("mtu 1450") && l.contains("link/ether 02:42:0a:00:01:02"));
      await().atMost(WAIT).until(() -> ping(t1, "10.0.1.3"));
      assertThat(ping(t2, "10.0.1.2")).isTrue();
      net.serveHttp(t2, "10.0.1.3", 8080);
      await().atMost(WAIT).until(() -> TwoNodes.httpGet(t1, "10.0.1.3", 8080), "200"::equals);
    }
  }

  @Test
  void aTaskOnNetworkACannotReachATaskOnNetworkBEvenWithTheSameSubnet() throws Exception {
    try (TwoNodes net = new TwoNodes()) {
      NetworkView a = view("neta", 4101, "10.0.1.0/24", endpoint("a1", 1, "10.0.1.2/24"),
          endpoint("a2", 2, "10.0.1.3/24"));
      NetworkView b = view("netb", 4102, "10.0.1.0/24", endpoint("b1", 1, "10.0.1.5/24"),
          endpoint("b2", 2, "10.0.1.4/24"));
      net.node(1).update(List.of(a, b));
      net.node(2).update(List.of(a, b));
      NetworkNamespace a1 = net.task("a1");
      NetworkNamespace b1 = net.task("b1");
      net.node(1).attach("a1", a1, on("neta", "10.0.1.2/24"));
      net.node(1).attach("b1", b1, on("netb", "10.0.1.5/24"));
      net.node(2).attach("a2", net.task("a2"), on("neta", "10.0.1.3/24"));
      net.node(2).attach("b2", net.task("b2"), on("netb", "10.0.1.4/24"));

      await().atMost(WAIT).until(() -> ping(a1, "10.0.1.3"));
      await().atMost(WAIT).until(() -> ping(b1, "10.0.1.4"));
      assertThat(ping(a1, "10.0.1.4")).as("from network A to B's task on the other node").isFalse();
      assertThat(ping(a1, "10.0.1.5")).as("from network A to B's task on the same node").isFalse();

      // Even entries for B's task programmed into A's device do not help: A's packets carry A's VNI.
      OverlayNetwork onA = net.node(1).networks().stream().filter(n -> n.id().equals("neta")).findFirst().orElseThrow();
      onA.netns().ip("neigh replace 10.0.1.4 lladdr 02:42:0a:00:01:04 dev vxlan0 nud permanent\n");
      onA.netns().command("bridge", "fdb", "replace", "02:42:0a:00:01:04", "dev", "vxlan0", "dst", TwoNodes.ADDR2,
          "self", "permanent").run().orThrow();
      assertThat(ping(a1, "10.0.1.4")).as("with forged entries on A's device").isFalse();
    }
  }

  @Test
  void aGoneEndpointLosesItsEntriesAndARestartedDaemonKeepsTheRest() throws Exception {
    try (TwoNodes net = new TwoNodes()) {
      NetworkView a = view("neta", 4101, "10.0.1.0/24", endpoint("t1", 1, "10.0.1.2/24"),
          endpoint("t2", 2, "10.0.1.3/24"), endpoint("t3", 2, "10.0.1.4/24"));
      net.node(1).update(List.of(a));
      net.node(2).update(List.of(a));
      NetworkNamespace t1 = net.task("t1");
      net.node(1).attach("t1", t1, on("neta", "10.0.1.2/24"));
      net.node(2).attach("t2", net.task("t2"), on("neta", "10.0.1.3/24"));
      net.node(2).attach("t3", net.task("t3"), on("neta", "10.0.1.4/24"));
      await().atMost(WAIT).until(() -> ping(t1, "10.0.1.4"));
      NetworkNamespace onA = net.node(1).networks().get(0).netns();
      String vxlanBefore = TwoNodes.lines(onA, "ip", "-o", "link", "show", "dev", "vxlan0").get(0).split(":")[0];

      // A restarted daemon adopts the network as it is: same device, same entries, tasks still connected.
      OverlayNetworks restarted = net.plane(1);
      restarted.restore();
      restarted.update(List.of(a));
      assertThat(restarted.attached()).extracting(OverlayNetworks.AttachedTask::taskId).containsExactly("t1");
      assertThat(TwoNodes.lines(onA, "ip", "-o", "link", "show", "dev", "vxlan0").get(0)).startsWith(vxlanBefore + ":");
      assertThat(restarted.networks().get(0).forwarding().peers()).hasSize(2);
      assertThat(ping(t1, "10.0.1.3")).isTrue();

      // t3 is gone from the view: its FDB and neighbour entries go, t2's stay.
      net.node(2).detach("t3");
      restarted.update(List.of(view("neta", 4101, "10.0.1.0/24", endpoint("t1", 1, "10.0.1.2/24"),
          endpoint("t2", 2, "10.0.1.3/24"))));

      assertThat(String.join("\n", TwoNodes.lines(onA, "bridge", "fdb", "show", "dev", "vxlan0")))
          .contains("02:42:0a:00:01:03 dst " + TwoNodes.ADDR2).doesNotContain("02:42:0a:00:01:04");
      assertThat(String.join("\n", TwoNodes.lines(onA, "ip", "neigh", "show", "dev", "vxlan0")))
          .contains("10.0.1.3").doesNotContain("10.0.1.4");
      assertThat(ping(t1, "10.0.1.3")).isTrue();
      assertThat(ping(t1, "10.0.1.4")).isFalse();
    }
  }

  @Test
  void detachingEveryTaskLeavesNoVethNamespaceOrVxlanDevice() throws Exception {
    try (TwoNodes net = new TwoNodes()) {
      NetworkNamespace host = NetworkNamespace.ofThisProcess();
      int hostLinks = TwoNodes.lines(host, "ip", "-o", "link").size();
      List<String> underlay1 = TwoNodes.links(net.underlay(1));
      List<String> underlay2 = TwoNodes.links(net.underlay(2));
      NetworkView a = view("neta", 4101, "10.0.1.0/24", endpoint("t1", 1, "10.0.1.2/24"),
          endpoint("t2", 2, "10.0.1.3/24"));
      NetworkView b = view("netb", 4102, "10.0.2.0/24", endpoint("t1", 1, "10.0.2.2/24"),
          endpoint("t2", 2, "10.0.2.3/24"));
      net.node(1).update(List.of(a, b));
      net.node(2).update(List.of(a, b));
      NetworkNamespace t1 = net.task("t1");
      NetworkNamespace t2 = net.task("t2");
      net.node(1).attach("t1", t1, List.of(on("neta", "10.0.1.2/24").get(0), on("netb", "10.0.2.2/24").get(0)));
      net.node(2).attach("t2", t2, List.of(on("neta", "10.0.1.3/24").get(0), on("netb", "10.0.2.3/24").get(0)));
      await().atMost(WAIT).until(() -> ping(t1, "10.0.2.3"));
      assertThat(TwoNodes.lines(t1, "ip", "-o", "link")).anyMatch(l -> l.contains(" eth1@"))
          .anyMatch(l -> l.contains(" eth2@"));
      long taskMounts = 2;
      assertThat(net.mountsUnderDir()).isEqualTo(taskMounts + 4);

      net.node(1).detach("t1");
      net.node(2).detach("t2");

      assertThat(net.node(1).networks()).isEmpty();
      assertThat(net.node(2).networks()).isEmpty();
      assertThat(TwoNodes.lines(t1, "ip", "-o", "link")).as("task 1's interfaces").hasSize(1); // lo
      assertThat(TwoNodes.links(net.underlay(1))).isEqualTo(underlay1);
      assertThat(TwoNodes.links(net.underlay(2))).isEqualTo(underlay2);
      assertThat(TwoNodes.lines(host, "ip", "-o", "link")).hasSize(hostLinks);
      assertThat(net.mountsUnderDir()).as("namespaces of networks").isEqualTo(taskMounts);
      assertThat(Files.list(net.dir.resolve("node1").resolve("netns")).toList()).isEmpty();
      assertThat(Files.list(net.dir.resolve("node1").resolve("tasks")).toList()).isEmpty();
    }
  }
}
