package swarm.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Task;
import swarm.net.sys.HostCommand;
import swarm.worker.image.Image;
import swarm.worker.testing.BusyboxImage;
import swarm.worker.testing.FakeDispatcher;
import swarm.worker.testing.Host;
import swarm.worker.testing.Leftovers;
import swarm.worker.testing.Tasks;

/** Containers of tasks on an overlay network, run by the worker from assignments that carry the network's view. */
class OverlayNetworkWorkerIT {
  private static final String SERVE = "trap 'exit 0' TERM; while true; do sleep 0.1; done";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Path work;
  private Path data;
  private String image;
  private final FakeDispatcher dispatcher = new FakeDispatcher();
  private Worker worker;
  /** A VNI of its own per run: the VXLAN device is made in this host's namespace, where VNIs are unique. */
  private final int vni = ThreadLocalRandom.current().nextInt(100_000, 16_000_000);

  @BeforeEach
  void setUp() throws IOException {
    Host.assumeContainers();
    work = Files.createTempDirectory("swarm-overlay-it");
    data = work.resolve("data");
    worker = new Worker(data, "node1");
    Image busybox = worker.images().importRootfs(BusyboxImage.rootfsTar(work), "busybox:test");
    image = "busybox:test@" + busybox.id();
  }

  @AfterEach
  void tearDown() throws IOException {
    if (worker != null) {
      worker.close();
    }
    Leftovers.purge(work);
  }

  private Task task(String address) {
    return Tasks.assigned(Tasks.uniqueId("task"), image, List.of("sh", "-c", SERVE))
        .withNetworks(List.of(new NetworkAttachment("net1", List.of(address + "/24"))));
  }

  private static NetworkView view(int vni, Task... tasks) {
    List<NetworkView.Endpoint> endpoints = java.util.Arrays.stream(tasks)
        .map(t -> new NetworkView.Endpoint(t.id(), "node1", t.networks().get(0).addresses().get(0), "127.0.0.1"))
        .toList();
    return new NetworkView("net1", "backend", vni, "10.231.77.0/24", false, endpoints, List.of());
  }

  @Test
  void containersOnANetworkGetTheirAddressOnEth1TheEmbeddedResolverAndReachEachOther() throws Exception {
    Task t1 = task("10.231.77.2");
    Task t2 = task("10.231.77.3");
    dispatcher.assign(List.of(t1, t2), List.of(view(vni, t1, t2)));
    worker.start(dispatcher);

    await().atMost(WAIT).until(() -> worker.containerCount() == 2);
    Map<String, Long> pids = worker.runningContainers().stream()
        .collect(Collectors.toMap(LocalContainer::id, LocalContainer::pid));
    String netns1 = "/proc/" + pids.get(t1.id()) + "/ns/net";
    assertThat(HostCommand.of("nsenter", "--net=" + netns1, "ip", "-o", "addr", "show", "dev", "eth1").run()
        .orThrow().stdout()).contains("inet 10.231.77.2/24");
    assertThat(Files.readString(Path.of("/proc/" + pids.get(t1.id()) + "/root/etc/resolv.conf")))
        .isEqualTo("nameserver 127.0.0.11\noptions ndots:0\n");
    assertThat(Files.readString(Path.of("/proc/" + pids.get(t1.id()) + "/root/etc/hosts")))
        .contains("10.231.77.2\t");
    await().atMost(WAIT).until(() -> HostCommand.of("nsenter", "--net=" + netns1, "busybox", "ping", "-c", "1",
        "-W", "2", "10.231.77.3").run().ok());
    assertThat(worker.overlays().networks()).hasSize(1);

    dispatcher.assign(List.of(), List.of());

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(worker.containerCount()).isZero();
      assertThat(Leftovers.mountsUnder(data)).isEmpty();
      assertThat(worker.overlays().networks()).isEmpty();
    });
    assertThat(HostCommand.of("ip", "-d", "-o", "link", "show", "type", "vxlan").run().orThrow().stdout())
        .doesNotContain("id " + vni + " ");
    assertThat(list(data.resolve("network/netns"))).isEmpty();
    assertThat(list(data.resolve("network/overlay/netns"))).isEmpty();
    assertThat(list(data.resolve("network/overlay/tasks"))).isEmpty();
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.toList();
    }
  }
}
