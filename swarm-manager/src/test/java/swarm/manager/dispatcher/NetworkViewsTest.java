package swarm.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.ContainerStatus;
import swarm.core.object.Health;
import swarm.core.object.HealthStatus;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.NetworkSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;
import swarm.manager.allocator.Allocator;
import swarm.manager.allocator.NetworkAllocation;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;

class NetworkViewsTest {
  private static final PortConfig P8080 = new PortConfig(null, null, 80, 8080, null);

  /**
   * Nodes a (10.1.0.1) and b (10.1.0.2); network front; service web (2 tasks on front, publishing 8080 through the
   * mesh, alias www), service db (1 task on a second network back); all allocated and scheduled, as the leader does.
   */
  static ClusterState cluster() {
    ClusterState s = state().readyNode("a").readyNode("b").nodeAddr("a", "10.1.0.1").nodeAddr("b", "10.1.0.2")
        .network(NetworkAllocation.ingress("ingress", new Cluster("c", null, T0, T0, null), T0)).build();
    s = apply(s, new StoreCommand.CreateNetwork(NetworkAllocation.allocate("front",
        new NetworkSpec("front", null, null, null, null, false, false), s, T0)));
    s = apply(s, new StoreCommand.CreateNetwork(NetworkAllocation.allocate("back",
        new NetworkSpec("back", null, null, null, null, false, false), s, T0)));
    ServiceSpec web = spec("web", 2).withEndpointSpec(new EndpointSpec(null, List.of(P8080)));
    web = web.withTaskTemplate(web.taskTemplate().withNetworks(
        List.of(new NetworkAttachmentConfig("front", List.of("www")))));
    ServiceSpec db = spec("db", 1);
    db = db.withTaskTemplate(db.taskTemplate().withNetworks(List.of(new NetworkAttachmentConfig("back", null))));
    s = apply(s, new StoreCommand.CreateService(new Service("web", null, T0, T0, web, null)),
        new StoreCommand.CreateService(new Service("db", null, T0, T0, db, null)));
    s = apply(s, new StoreCommand.CreateTask(task("w1", s.services().get("web"), 1)),
        new StoreCommand.CreateTask(task("w2", s.services().get("web"), 2)),
        new StoreCommand.CreateTask(task("d1", s.services().get("db"), 1)));
    for (int pass = 0; pass < 2; pass++) {
      s = apply(s, new Allocator().reconcile(s, T0));
      s = apply(s, new Scheduler().reconcile(s, T0));
    }
    return s;
  }

  private static Task task(String id, Service s, long slot) {
    return new Task(id, null, T0, T0, s.id(), s.spec().name(), slot, null, s.spec().taskTemplate(),
        s.spec().endpointSpec(), s.version(), TaskStatus.of(TaskState.PENDING, T0, "pending"), TaskState.RUNNING,
        null);
  }

  private static ClusterState running(ClusterState s, String taskId, HealthStatus health) {
    ContainerStatus c = new ContainerStatus("c-" + taskId, 1L, null,
        health == null ? null : new Health(health, 0, null));
    return apply(s, new StoreCommand.UpdateTaskStatus(taskId,
        new TaskStatus(T0.plusSeconds(1), TaskState.RUNNING, "started", null, c)));
  }

  private static String nodeOf(ClusterState s, String taskId) {
    return s.tasks().get(taskId).nodeId();
  }

  @Test
  void aNodeGetsTheNetworksOfItsTasksAndIngressAlways() {
    ClusterState s = cluster();
    NetworkViews views = NetworkViews.of(s);
    String dbNode = nodeOf(s, "d1");
    List<String> names = views.forNode(Dispatcher.assignmentsOf(s, dbNode)).stream().map(NetworkView::name).toList();
    // Spread puts one web task on each node, db on one: its node sees back, front and ingress.
    assertThat(names).containsExactlyInAnyOrder("back", "front", "ingress");
    String other = dbNode.equals("a") ? "b" : "a";
    assertThat(views.forNode(Dispatcher.assignmentsOf(s, other)).stream().map(NetworkView::name))
        .containsExactlyInAnyOrder("front", "ingress");
    assertThat(views.forNode(List.of()).stream().map(NetworkView::name)).containsExactly("ingress");
  }

  @Test
  void endpointsAreEveryLiveTaskAddressWithItsNodesUnderlayAddressAndIngressHasEachNodesMeshAddress() {
    ClusterState s = cluster();
    NetworkView front = NetworkViews.of(s).forNode(Dispatcher.assignmentsOf(s, "a")).stream()
        .filter(v -> v.name().equals("front")).findFirst().orElseThrow();
    assertThat(front.vni()).isEqualTo(4097);
    assertThat(front.subnet()).isEqualTo("10.0.1.0/24");
    assertThat(front.endpoints()).extracting(NetworkView.Endpoint::taskId).containsExactlyInAnyOrder("w1", "w2");
    for (NetworkView.Endpoint e : front.endpoints()) {
      assertThat(e.address()).isEqualTo(s.tasks().get(e.taskId()).networks().get(0).address());
      assertThat(e.nodeAddr()).isEqualTo(e.nodeId().equals("a") ? "10.1.0.1" : "10.1.0.2");
    }
    NetworkView ingress = NetworkViews.of(s).forNode(List.of()).get(0);
    assertThat(ingress.endpoints()).filteredOn(e -> e.taskId() == null)
        .extracting(NetworkView.Endpoint::nodeId, NetworkView.Endpoint::nodeAddr)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "10.1.0.1"),
            org.assertj.core.groups.Tuple.tuple("b", "10.1.0.2"));
    assertThat(ingress.endpoints()).filteredOn(e -> e.taskId() != null).hasSize(2);
  }

  @Test
  void aServiceListsItsVipAliasesPortsAndOnlyTheTasksThatMayTakeTrafficNow() {
    ClusterState s = cluster();
    s = running(s, "w1", null);
    s = running(s, "w2", HealthStatus.STARTING);
    NetworkView front = NetworkViews.of(s).forNode(Dispatcher.assignmentsOf(s, "a")).stream()
        .filter(v -> v.name().equals("front")).findFirst().orElseThrow();
    NetworkView.ServiceEntry web = front.services().stream().filter(e -> e.name().equals("web")).findFirst()
        .orElseThrow();
    assertThat(web.mode()).isEqualTo(EndpointSpec.Mode.VIP);
    assertThat(web.vip()).isEqualTo(s.services().get("web").virtualIps().stream()
        .filter(v -> v.networkId().equals("front")).findFirst().orElseThrow().address());
    assertThat(web.aliases()).containsExactly("www");
    assertThat(web.ingressPorts()).as("only on the ingress view").isEmpty();
    assertThat(web.taskAddresses()).containsExactly(s.tasks().get("w1").networks().get(0).address());

    s = running(s, "w2", HealthStatus.HEALTHY);
    NetworkView ingress = NetworkViews.of(s).forNode(List.of()).get(0);
    NetworkView.ServiceEntry mesh = ingress.services().get(0);
    assertThat(mesh.name()).isEqualTo("web");
    assertThat(mesh.ingressPorts()).containsExactly(P8080);
    assertThat(mesh.taskAddresses()).hasSize(2);

    // Told to stop (an update, a scale down): out of the maps at once, before its worker stops it.
    s = apply(s, new StoreCommand.SetDesiredState("w2", TaskState.SHUTDOWN, T0.plusSeconds(3)));
    NetworkView.ServiceEntry after = NetworkViews.of(s).forNode(List.of()).get(0).services().get(0);
    assertThat(after.taskAddresses()).as("w1 alone").hasSize(1);
  }

  @Test
  void endedTasksLeaveTheEndpoints() {
    ClusterState s = running(cluster(), "w1", null);
    s = apply(s, new StoreCommand.UpdateTaskStatus("w1", TaskStatus.of(TaskState.FAILED, T0.plusSeconds(2), "x")));
    NetworkView front = NetworkViews.of(s).forNode(List.of(s.tasks().get("w2"))).stream()
        .filter(v -> v.name().equals("front")).findFirst().orElseThrow();
    assertThat(front.endpoints()).extracting(NetworkView.Endpoint::taskId).containsExactly("w2");
  }
}
