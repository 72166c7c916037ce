package swarm.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.spec.Placement;
import swarm.core.spec.Resources;
import swarm.core.spec.ServiceSpec;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

class PlacementTest {
  private final Scheduler scheduler = new Scheduler();

  private static StateBuilder pending(StateBuilder b, String serviceId, ServiceSpec spec, int tasks) {
    b.service(serviceId, spec);
    for (int slot = 1; slot <= tasks; slot++) {
      b.task(serviceId, slot, TaskState.PENDING, TaskState.RUNNING, null);
    }
    return b;
  }

  private static Map<String, Long> perNode(ClusterState s, String serviceId) {
    return s.tasksOfService(serviceId).stream().filter(t -> t.nodeId() != null)
        .collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()));
  }

  private static Map<String, Long> perZone(ClusterState s, String serviceId) {
    return s.tasksOfService(serviceId).stream().filter(t -> t.nodeId() != null)
        .collect(Collectors.groupingBy(
            t -> s.nodes().get(t.nodeId()).spec().labels().getOrDefault("zone", "(none)"), Collectors.counting()));
  }

  private static Placement spreadOver(String... descriptors) {
    return new Placement(null, java.util.Arrays.stream(descriptors).map(Placement.Preference::spread).toList(), null);
  }

  @Test
  void sixTasksSpreadOverThreeZonesTwoEachWhateverTheNodesPerZone() {
    StateBuilder b = state().labeledNode("a1", "zone", "a")
        .labeledNode("b1", "zone", "b").labeledNode("b2", "zone", "b")
        .labeledNode("c1", "zone", "c").labeledNode("c2", "zone", "c").labeledNode("c3", "zone", "c");
    ClusterState s = pending(b, "s1", spec("web", 6, spreadOver("node.labels.zone")), 6).build();

    ClusterState placed = apply(s, scheduler.reconcile(s, T0));

    assertThat(perZone(placed, "s1")).isEqualTo(Map.of("a", 2L, "b", 2L, "c", 2L));
    assertThat(perNode(placed, "s1")).containsEntry("a1", 2L).containsEntry("b1", 1L).containsEntry("b2", 1L);
  }

  @Test
  void nodesWithoutTheLabelFormTheirOwnBranch() {
    StateBuilder b = state().labeledNode("a1", "zone", "a").labeledNode("b1", "zone", "b")
        .readyNode("x1").readyNode("x2");
    ClusterState s = pending(b, "s1", spec("web", 6, spreadOver("node.labels.zone")), 6).build();

    ClusterState placed = apply(s, scheduler.reconcile(s, T0));

    assertThat(perZone(placed, "s1")).isEqualTo(Map.of("a", 2L, "b", 2L, "(none)", 2L));
    assertThat(perNode(placed, "s1")).containsEntry("x1", 1L).containsEntry("x2", 1L);
  }

  @Test
  void tasksAlreadyRunningInABranchCountAndPreferencesNestInFlagOrder() {
    StateBuilder b = state().labeledNode("a1", "zone", "a", "rack", "1").labeledNode("a2", "zone", "a", "rack", "2")
        .labeledNode("b1", "zone", "b", "rack", "1");
    b.service("s1", spec("web", 4, spreadOver("node.labels.zone", "node.labels.rack")));
    b.task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "b1");
    for (int slot = 2; slot <= 4; slot++) {
      b.task("s1", slot, TaskState.PENDING, TaskState.RUNNING, null);
    }
    ClusterState s = b.build();

    ClusterState placed = apply(s, scheduler.reconcile(s, T0));

    // Zone b already has one: a gets one (rack 1), a and b tie (lowest label value wins: a, rack 2), then b.
    assertThat(perZone(placed, "s1")).isEqualTo(Map.of("a", 2L, "b", 2L));
    assertThat(perNode(placed, "s1")).isEqualTo(Map.of("a1", 1L, "a2", 1L, "b1", 2L));
  }

  @Test
  void maxReplicasPerNodeLeavesTheRestPendingWithTheReason() {
    StateBuilder b = state().readyNode("n1").readyNode("n2");
    ClusterState s = pending(b, "s1", spec("web", 3, new Placement(null, null, 1L)), 3).build();

    List<StoreCommand> commands = scheduler.reconcile(s, T0);
    ClusterState after = apply(s, commands);

    assertThat(perNode(after, "s1")).isEqualTo(Map.of("n1", 1L, "n2", 1L));
    Task left = after.tasksOfService("s1").stream().filter(t -> t.nodeId() == null).findFirst().orElseThrow();
    assertThat(left.status().state()).isEqualTo(TaskState.PENDING);
    assertThat(left.status().message())
        .isEqualTo("no suitable node (max replicas per node limit exceeded on 2 nodes)");

    ClusterState bigger = apply(after, new StoreCommand.PutNode(state().readyNode("n3").build().nodes().get("n3"), 0));
    assertThat(scheduler.reconcile(bigger, T0.plusSeconds(1)))
        .containsExactly(new StoreCommand.AssignTask(left.id(), "n3", T0.plusSeconds(1)));
  }

  @Test
  void aTaskTooBigForEveryNodeStaysPendingUntilABiggerNodeJoins() {
    StateBuilder b = state().node("small", Node.State.READY, Node.Availability.ACTIVE,
        new Resources(1_000_000_000L, 1L << 30, 0L));
    ClusterState s = pending(b, "s1", spec("db", 1, new Resources(2_000_000_000L, 4L << 30, 0L)), 1).build();

    ClusterState waiting = apply(s, scheduler.reconcile(s, T0));
    Task t = waiting.tasksOfService("s1").get(0);
    assertThat(t.state()).isEqualTo(TaskState.PENDING);
    assertThat(t.status().message()).isEqualTo("no suitable node (insufficient resources on 1 node)");
    assertThat(scheduler.reconcile(waiting, T0.plusSeconds(1))).isEmpty();

    Node big = state().node("big", Node.State.READY, Node.Availability.ACTIVE,
        new Resources(8_000_000_000L, 16L << 30, 0L)).build().nodes().get("big");
    ClusterState joined = apply(waiting, new StoreCommand.PutNode(big, 0));
    assertThat(scheduler.reconcile(joined, T0.plusSeconds(2)))
        .containsExactly(new StoreCommand.AssignTask(t.id(), "big", T0.plusSeconds(2)));
  }

  @Test
  void aConstrainedTaskIsPlacedOnceANodeGetsTheLabel() {
    StateBuilder b = state().labeledNode("n1", "zone", "b").readyNode("n2");
    ClusterState s = pending(b, "s1", spec("web", 1, new Placement(List.of("node.labels.zone==a"), null, null)), 1)
        .build();

    ClusterState waiting = apply(s, scheduler.reconcile(s, T0));
    Task t = waiting.tasksOfService("s1").get(0);
    assertThat(t.status().message()).isEqualTo("no suitable node (2 nodes not matching constraint node.labels.zone==a)");

    Node n2 = waiting.nodes().get("n2");
    ClusterState relabeled = apply(waiting, new StoreCommand.PutNode(
        n2.withSpec(new Node.Spec(n2.spec().role(), n2.spec().availability(), Map.of("zone", "a")), T0),
        n2.version().index()));
    assertThat(scheduler.reconcile(relabeled, T0.plusSeconds(1)))
        .containsExactly(new StoreCommand.AssignTask(t.id(), "n2", T0.plusSeconds(1)));
  }

  @Test
  void aServiceThatOutgrowsTheMemoryOfItsNodesMidPassFillsThemAndExplainsTheRest() {
    StateBuilder b = state();
    for (String id : List.of("n1", "n2", "n3")) {
      b.node(id, Node.State.READY, Node.Availability.ACTIVE, new Resources(4_000_000_000L, 4L << 30, 0L));
    }
    ClusterState s = pending(b, "s1", spec("db", 8, new Resources(0L, 3L << 29, 0L)), 8).build();

    ClusterState after = apply(s, scheduler.reconcile(s, T0));

    // 1.5 GiB each: two fit in 4 GiB, a third does not.
    assertThat(perNode(after, "s1")).isEqualTo(Map.of("n1", 2L, "n2", 2L, "n3", 2L));
    assertThat(after.tasksOfService("s1").stream().filter(t -> t.nodeId() == null).map(t -> t.status().message()))
        .containsExactly("no suitable node (insufficient resources on 3 nodes)",
            "no suitable node (insufficient resources on 3 nodes)");
  }

  @Test
  void maxReplicasPerNodeHoldsWithinOnePassCountingTasksAlreadyThere() {
    StateBuilder b = state().readyNode("n1").readyNode("n2").readyNode("n3");
    b.service("s1", spec("web", 7, new Placement(null, null, 2L)));
    b.task("s1", 1, TaskState.RUNNING, TaskState.RUNNING, "n1");
    for (int slot = 2; slot <= 7; slot++) {
      b.task("s1", slot, TaskState.PENDING, TaskState.RUNNING, null);
    }
    ClusterState s = b.build();

    ClusterState after = apply(s, scheduler.reconcile(s, T0));

    assertThat(perNode(after, "s1")).isEqualTo(Map.of("n1", 2L, "n2", 2L, "n3", 2L));
    assertThat(after.tasksOfService("s1").stream().filter(t -> t.nodeId() == null).map(t -> t.status().message()))
        .containsExactly("no suitable node (max replicas per node limit exceeded on 3 nodes)");
  }

  @Test
  void aZoneWhoseNodesFillUpMidPassStopsTakingTasksAndTheOthersShareTheRest() {
    StateBuilder b = state()
        .node("a1", Node.State.READY, Node.Availability.ACTIVE, new Resources(0L, 2L << 30, 0L))
        .node("b1", Node.State.READY, Node.Availability.ACTIVE, new Resources(0L, 8L << 30, 0L))
        .node("c1", Node.State.READY, Node.Availability.ACTIVE, new Resources(0L, 8L << 30, 0L))
        .labels("a1", "zone", "a").labels("b1", "zone", "b").labels("c1", "zone", "c");
    ServiceSpec web = spec("web", 9, spreadOver("node.labels.zone"));
    web = web.withTaskTemplate(web.taskTemplate().withResources(
        new swarm.core.spec.ResourceRequirements(null, new Resources(0L, 1L << 30, 0L))));
    ClusterState s = pending(b, "s1", web, 9).build();

    ClusterState after = apply(s, scheduler.reconcile(s, T0));

    // Zone a takes its two (its node is then full); b and c, no longer behind a, split the other seven.
    assertThat(perZone(after, "s1")).isEqualTo(Map.of("a", 2L, "b", 4L, "c", 3L));
  }

  @Test
  void twoSpecsOfOneServicePendingTogetherCountEachOthersPlacements() {
    StateBuilder b = state().readyNode("n1").readyNode("n2");
    b.service("s1", spec("web", 4));
    b.task("s1", 1, TaskState.PENDING, TaskState.RUNNING, null);
    b.task("s1", 3, TaskState.PENDING, TaskState.RUNNING, null);
    b.service("s1", spec("web", 4, new Placement(List.of("node.role==worker"), null, null)));
    b.task("s1", 2, TaskState.PENDING, TaskState.RUNNING, null);
    b.task("s1", 4, TaskState.PENDING, TaskState.RUNNING, null);
    ClusterState s = b.build();

    ClusterState after = apply(s, scheduler.reconcile(s, T0));

    assertThat(perNode(after, "s1")).isEqualTo(Map.of("n1", 2L, "n2", 2L));
  }

  @Test
  void aHostPortIsTakenOncePerNodeCountingRunningTasksAndEarlierPlacementsOfThePass() {
    swarm.core.spec.EndpointSpec port8080 = new swarm.core.spec.EndpointSpec(null,
        List.of(swarm.core.spec.PortConfig.host(8080, 80, swarm.core.spec.PortConfig.Protocol.TCP)));
    StateBuilder b = state().readyNode("n1").readyNode("n2").readyNode("n3").readyNode("n4");
    b.service("other", spec("proxy", 2).withEndpointSpec(port8080));
    b.task("other", 1, TaskState.RUNNING, TaskState.RUNNING, "n1");
    b.task("other", 2, TaskState.FAILED, TaskState.RUNNING, "n2");
    ClusterState s = pending(b, "s1", spec("web", 4).withEndpointSpec(port8080), 4).build();

    ClusterState after = apply(s, scheduler.reconcile(s, T0));

    // n1's running proxy holds 8080; n2's failed one no longer does.
    assertThat(perNode(after, "s1")).isEqualTo(Map.of("n2", 1L, "n3", 1L, "n4", 1L));
    assertThat(after.tasksOfService("s1").stream().filter(t -> t.nodeId() == null).map(t -> t.status().message()))
        .containsExactly("no suitable node (host-mode port already in use on 4 nodes)");
  }
}
