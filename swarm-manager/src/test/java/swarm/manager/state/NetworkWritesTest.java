package swarm.manager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.log.CommandBatch;
import swarm.core.log.StoreCommand;
import swarm.core.object.Network;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Service;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.NetworkAttachmentConfig;
import swarm.core.spec.NetworkSpec;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;

/** The log refuses any write that would give an address, a subnet, a VNI or a name twice. */
class NetworkWritesTest {
  private static final Network FRONT = new Network("n1", null, T0, T0,
      new NetworkSpec("front", null, null, "10.0.1.0/24", null, false, false), 4097, "10.0.1.0/24", "10.0.1.1", null);

  private static String refusal(ClusterState s, StoreCommand... commands) {
    StateApplier.Result r = StateApplier.apply(s, new CommandBatch(List.of(commands)), s.index() + 1);
    assertThat(r.result().isOk()).as("refused").isFalse();
    assertThat(r.state().networks()).isEqualTo(s.networks());
    assertThat(r.state().tasks()).isEqualTo(s.tasks());
    return r.result().conflict();
  }

  private static ClusterState withService() {
    ClusterState s = apply(state().readyNode("a").build(), new StoreCommand.CreateNetwork(FRONT));
    ServiceSpec web = spec("web", 2);
    web = web.withTaskTemplate(web.taskTemplate().withNetworks(List.of(new NetworkAttachmentConfig("n1", null))));
    s = apply(s, new StoreCommand.CreateService(new Service("web", null, T0, T0, web, null)));
    return apply(s, new StoreCommand.CreateTask(task("t1", s.services().get("web"))),
        new StoreCommand.CreateTask(task("t2", s.services().get("web"))));
  }

  private static Task task(String id, Service s) {
    return new Task(id, null, T0, T0, s.id(), s.spec().name(), (long) id.hashCode(), null, s.spec().taskTemplate(),
        s.spec().endpointSpec(), s.version(), TaskStatus.of(TaskState.PENDING, T0, "pending"), TaskState.RUNNING,
        null);
  }

  private static NetworkAttachment at(String address) {
    return new NetworkAttachment("n1", List.of(address));
  }

  @Test
  void anAddressHeldByATaskIsNeverGivenToAnother() {
    ClusterState s = apply(withService(), new StoreCommand.AllocateTask("t1", List.of(at("10.0.1.5/24"))));
    assertThat(refusal(s, new StoreCommand.AllocateTask("t2", List.of(at("10.0.1.5/24")))))
        .isEqualTo("address 10.0.1.5 in network front is already in use by task web." + "t1".hashCode() + " (t1)");
    assertThat(refusal(s, new StoreCommand.SetServiceVips("web", List.of(new Service.VirtualIP("n1", "10.0.1.5/24")),
        T0))).startsWith("address 10.0.1.5 in network front is already in use by task");
  }

  @Test
  void twoAllocationsOfOneAddressInOneBatchAreRefused() {
    assertThat(refusal(withService(), new StoreCommand.AllocateTask("t1", List.of(at("10.0.1.5/24"))),
        new StoreCommand.AllocateTask("t2", List.of(at("10.0.1.5/24"))))).contains("already in use by task");
  }

  @Test
  void theGatewayTheNetworkAndBroadcastAddressesAreNotGiven() {
    ClusterState s = withService();
    assertThat(refusal(s, new StoreCommand.AllocateTask("t1", List.of(at("10.0.1.1/24")))))
        .isEqualTo("address 10.0.1.1 in network front is already in use by the network's gateway");
    assertThat(refusal(s, new StoreCommand.AllocateTask("t1", List.of(at("10.0.1.255/24")))))
        .isEqualTo("address 10.0.1.255 is not a host address of network front (10.0.1.0/24)");
    assertThat(refusal(s, new StoreCommand.AllocateTask("t1", List.of(at("10.0.2.7/24")))))
        .isEqualTo("address 10.0.2.7 is not a host address of network front (10.0.1.0/24)");
  }

  @Test
  void anEndedTasksAddressIsFreeAgain() {
    ClusterState s = apply(withService(), new StoreCommand.AllocateTask("t1", List.of(at("10.0.1.5/24"))));
    s = apply(s, new StoreCommand.SetDesiredState("t1", TaskState.SHUTDOWN, T0),
        new StoreCommand.UpdateTaskStatus("t1", TaskStatus.of(TaskState.FAILED, T0, "exit 1")));
    s = apply(s, new StoreCommand.AllocateTask("t2", List.of(at("10.0.1.5/24"))));
    assertThat(s.tasks().get("t2").networks()).containsExactly(at("10.0.1.5/24"));
  }

  @Test
  void aMeshAddressIsTheNodesOwn() {
    ClusterState s = apply(withService(), new StoreCommand.SetMeshAddress("n1", "a", "10.0.1.9/24", T0));
    assertThat(s.networks().get("n1").meshAddresses()).isEqualTo(Map.of("a", "10.0.1.9/24"));
    assertThat(refusal(s, new StoreCommand.AllocateTask("t1", List.of(at("10.0.1.9/24")))))
        .isEqualTo("address 10.0.1.9 in network front is already in use by node a (routing mesh)");
  }

  @Test
  void aSecondNetworkWithTheNameVniOrAnOverlappingSubnetIsRefused() {
    ClusterState s = apply(state().build(), new StoreCommand.CreateNetwork(FRONT));
    assertThat(refusal(s, new StoreCommand.CreateNetwork(new Network("n2", null, T0, T0,
        new NetworkSpec("front", null, null, "10.0.5.0/24", null, false, false), 5000, "10.0.5.0/24", "10.0.5.1",
        null)))).isEqualTo("network with name front already exists");
    assertThat(refusal(s, new StoreCommand.CreateNetwork(new Network("n2", null, T0, T0,
        new NetworkSpec("back", null, null, null, null, false, false), 4097, "10.0.5.0/24", "10.0.5.1", null))))
        .isEqualTo("VXLAN id 4097 is already used by network front");
    assertThat(refusal(s, new StoreCommand.CreateNetwork(new Network("n2", null, T0, T0,
        new NetworkSpec("back", null, null, null, null, false, false), 5000, "10.0.0.0/16", "10.0.0.1", null))))
        .isEqualTo("subnet 10.0.0.0/16 overlaps network front's subnet 10.0.1.0/24");
  }

  @Test
  void aNetworkInUseIsNotRemovedAndTheErrorNamesTheService() {
    ClusterState s = withService();
    assertThat(refusal(s, new StoreCommand.RemoveNetwork("n1"))).isEqualTo("network front is in use by service web");
    s = apply(s, new StoreCommand.RemoveService("web"));
    assertThat(apply(s, new StoreCommand.RemoveNetwork("n1")).networks()).isEmpty();
  }

  @Test
  void anIngressPortHeldByAnotherServiceIsRefusedNamingIt() {
    EndpointSpec publish = new EndpointSpec(null, List.of(new PortConfig(null, null, 80, 8080, null)));
    ClusterState s = apply(state().build(), new StoreCommand.CreateService(
        new Service("a", null, T0, T0, spec("a", 1).withEndpointSpec(publish), null)));
    assertThat(refusal(s, new StoreCommand.CreateService(
        new Service("b", null, T0, T0, spec("b", 1).withEndpointSpec(publish), null))))
        .isEqualTo("port '8080/tcp' is already in use by service 'a' (a) as an ingress port");
  }

  @Test
  void aServiceUpdateCannotSetVirtualIps() {
    ClusterState s = apply(withService(), new StoreCommand.SetServiceVips("web",
        List.of(new Service.VirtualIP("n1", "10.0.1.2/24")), T0));
    Service web = s.services().get("web");
    Service forged = web.withVirtualIps(List.of(new Service.VirtualIP("n1", "10.0.1.1/24")), T0);
    s = apply(s, new StoreCommand.UpdateService(forged, web.version().index()));
    assertThat(s.services().get("web").virtualIps()).containsExactly(new Service.VirtualIP("n1", "10.0.1.2/24"));
  }
}
