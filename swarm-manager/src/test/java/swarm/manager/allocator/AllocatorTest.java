package swarm.manager.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import swarm.core.error.SwarmException;
import swarm.core.log.StoreCommand;
import swarm.core.object.Cluster;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.NetworkSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;
import swarm.manager.scheduler.Scheduler;
import swarm.manager.state.ClusterState;

class AllocatorTest {
  private final Allocator allocator = new Allocator();

  private static Network ingress() {
    return NetworkAllocation.ingress("ingress-id", new Cluster("c", null, T0, T0, null), T0);
  }

  private static Network network(String id, String name, ClusterState state) {
    return NetworkAllocation.allocate(id, new NetworkSpec(name, null, null, null, null, false, false), state, T0);
  }

  private static ServiceSpec on(ServiceSpec s, String... networkIds) {
    List<NetworkAttachmentConfig> n = new ArrayList<>();
    for (String id : networkIds) {
      n.add(new NetworkAttachmentConfig(id, List.of()));
    }
    return s.withTaskTemplate(s.taskTemplate().withNetworks(n));
  }

  private ClusterState reconcile(ClusterState s) {
    return apply(s, allocator.reconcile(s, T0));
  }

  @Test
  void ingressIsThePoolsFirstSubnetWithTheFirstVniAndUserNetworksTakeTheNextFreeSlash24() {
    Network ingress = ingress();
    assertThat(ingress.subnet()).isEqualTo("10.0.0.0/24");
    assertThat(ingress.gateway()).isEqualTo("10.0.0.1");
    assertThat(ingress.vni()).isEqualTo(4096);
    assertThat(ingress.isIngress()).isTrue();

    ClusterState s = state().network(ingress).build();
    Network first = network("n1", "front", s);
    assertThat(first.subnet()).isEqualTo("10.0.1.0/24");
    assertThat(first.gateway()).isEqualTo("10.0.1.1");
    assertThat(first.vni()).isEqualTo(4097);
    s = apply(s, new StoreCommand.CreateNetwork(first));
    Network second = network("n2", "back", s);
    assertThat(second.subnet()).isEqualTo("10.0.2.0/24");
    assertThat(second.vni()).isEqualTo(4098);
  }

  @Test
  void aCustomPoolAndSubnetSizeAreUsed() {
    ClusterState s = state().addressPool(List.of("172.20.0.0/16"), 26).build();
    Network first = network("n1", "a", s);
    s = apply(s, new StoreCommand.CreateNetwork(first));
    assertThat(first.subnet()).isEqualTo("172.20.0.0/26");
    assertThat(network("n2", "b", s).subnet()).isEqualTo("172.20.0.64/26");
  }

  @Test
  void aRequestedSubnetOverlappingAnotherNetworksIsRefusedNamingIt() {
    ClusterState s = state().network(ingress()).build();
    NetworkSpec spec = new NetworkSpec("x", null, null, "10.0.0.128/25", null, false, false);
    assertThatThrownBy(() -> NetworkAllocation.allocate("n1", spec, s, T0))
        .isInstanceOf(SwarmException.class)
        .hasMessage("subnet 10.0.0.128/25 (--subnet) overlaps network ingress's subnet 10.0.0.0/24: choose another");
  }

  @Test
  void aFullPoolIsRefusedPlainly() {
    ClusterState s = state().addressPool(List.of("192.168.0.0/24"), 24).build();
    s = apply(s, new StoreCommand.CreateNetwork(network("n1", "a", s)));
    ClusterState full = s;
    assertThatThrownBy(() -> network("n2", "b", full))
        .hasMessage("no free subnet left in the address pool 192.168.0.0/24: remove a network or give --subnet");
  }

  @Test
  void everyNodeGetsAMeshAddressOnIngressReleasedWhenTheNodeIsRemoved() {
    ClusterState s = reconcile(state().network(ingress()).readyNode("a").readyNode("b").build());
    assertThat(s.networks().get("ingress-id").meshAddresses())
        .isEqualTo(Map.of("a", "10.0.0.2/24", "b", "10.0.0.3/24"));

    s = reconcile(apply(s, new StoreCommand.RemoveNode("a")));
    assertThat(s.networks().get("ingress-id").meshAddresses()).isEqualTo(Map.of("b", "10.0.0.3/24"));
    assertThat(allocator.reconcile(s, T0)).isEmpty();
  }

  @Test
  void aVipServiceGetsAVirtualIpOnEachNetworkAndOnIngressWhenItPublishes() {
    ClusterState s = state().network(ingress()).build();
    s = apply(s, new StoreCommand.CreateNetwork(network("n1", "front", s)));
    ServiceSpec web = on(spec("web", 2), "n1").withEndpointSpec(new EndpointSpec(null,
        List.of(new PortConfig(null, null, 80, 8080, null))));
    s = apply(s, new StoreCommand.CreateService(new Service("web", null, T0, T0, web, null)),
        new StoreCommand.CreateService(new Service("dns", null, T0, T0,
            on(spec("dns", 1), "n1").withEndpointSpec(new EndpointSpec(EndpointSpec.Mode.DNSRR, null)), null)));

    s = reconcile(s);

    assertThat(s.services().get("web").virtualIps()).containsExactlyInAnyOrder(
        new Service.VirtualIP("n1", "10.0.1.2/24"), new Service.VirtualIP("ingress-id", "10.0.0.2/24"));
    assertThat(s.services().get("dns").virtualIps()).isEmpty();
    assertThat(allocator.reconcile(s, T0)).isEmpty();
  }

  @Test
  void tasksGetAnAddressPerNetworkBeforeTheSchedulerAssignsThem() {
    ClusterState s = state().network(ingress()).readyNode("a").build();
    s = apply(s, new StoreCommand.CreateNetwork(network("n1", "front", s)));
    s = apply(s, new StoreCommand.CreateService(new Service("web", null, T0, T0, on(spec("web", 2), "n1"), null)));
    s = apply(s, new StoreCommand.CreateTask(pendingTask("t1", s.services().get("web"), 1)),
        new StoreCommand.CreateTask(pendingTask("t2", s.services().get("web"), 2)));

    // Not placed before it has its addresses.
    assertThat(new Scheduler().reconcile(s, T0)).isEmpty();

    s = reconcile(s);
    Set<String> addresses = new HashSet<>();
    for (Task t : s.tasks().values()) {
      assertThat(t.networks()).singleElement().extracting(NetworkAttachment::networkId).isEqualTo("n1");
      addresses.add(t.networks().get(0).addresses().get(0));
    }
    // The VIP takes .2 (services before tasks), tasks .3 and .4, never twice.
    assertThat(addresses).containsExactlyInAnyOrder("10.0.1.3/24", "10.0.1.4/24");
    assertThat(new Scheduler().reconcile(s, T0)).hasSize(2);
  }

  @Test
  void exhaustionKeepsTheTaskPendingWithTheErrorAndItIsAllocatedOnceAnAddressIsFree() {
    ClusterState s = state().readyNode("a").build();
    // A /29: .1 gateway, .2 .. .6 free (5 addresses), .7 broadcast.
    s = apply(s, new StoreCommand.CreateNetwork(NetworkAllocation.allocate("n1",
        new NetworkSpec("small", null, null, "10.9.0.0/29", null, false, false), s, T0)));
    s = apply(s, new StoreCommand.CreateService(new Service("web", null, T0, T0,
        on(spec("web", 5), "n1").withEndpointSpec(new EndpointSpec(EndpointSpec.Mode.DNSRR, null)), null)));
    Service web = s.services().get("web");
    for (int i = 1; i <= 6; i++) {
      s = apply(s, new StoreCommand.CreateTask(pendingTask("t" + i, web, i)));
    }

    s = reconcile(s);

    Task last = s.tasks().get("t6");
    assertThat(last.networks()).isEmpty();
    assertThat(last.state()).isEqualTo(TaskState.PENDING);
    assertThat(last.status().err()).isEqualTo("no free address in network small");
    assertThat(s.tasks().values().stream().filter(t -> !t.networks().isEmpty())).hasSize(5);
    assertThat(allocator.reconcile(s, T0)).as("the error is written once").isEmpty();

    // t1 ends and is not to run again: its address is free for t6.
    String freed = s.tasks().get("t1").networks().get(0).addresses().get(0);
    s = apply(s, new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0),
        new StoreCommand.UpdateTaskStatus("t1", swarm.core.object.TaskStatus.of(TaskState.SHUTDOWN, T0, "stopped")));
    s = reconcile(s);
    assertThat(s.tasks().get("t6").networks().get(0).addresses()).containsExactly(freed);
  }

  @Test
  void aRemovedServicesVirtualIpIsFreeAgain() {
    ClusterState s = state().build();
    s = apply(s, new StoreCommand.CreateNetwork(network("n1", "front", s)));
    s = apply(s, new StoreCommand.CreateService(new Service("a", null, T0, T0, on(spec("a", 1), "n1"), null)));
    s = reconcile(s);
    String vip = s.services().get("a").virtualIps().get(0).addr();
    s = apply(s, new StoreCommand.RemoveService("a"));
    s = apply(s, new StoreCommand.CreateService(new Service("b", null, T0, T0, on(spec("b", 1), "n1"), null)));
    s = reconcile(s);
    assertThat(s.services().get("b").virtualIps().get(0).addr()).isEqualTo(vip);
  }

  /** A PENDING task of {@code s} in {@code slot}, made as the orchestrator makes it. */
  static Task pendingTask(String id, Service s, long slot) {
    return new Task(id, null, T0, T0, s.id(), s.spec().name(), slot, null, s.spec().taskTemplate(),
        s.spec().endpointSpec(), s.version(), swarm.core.object.TaskStatus.of(TaskState.PENDING, T0, "pending"),
        TaskState.RUNNING, null);
  }
}
