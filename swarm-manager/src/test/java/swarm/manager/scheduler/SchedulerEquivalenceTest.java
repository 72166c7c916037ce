package swarm.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import swarm.core.log.StoreCommand;
import swarm.core.object.Node;
import swarm.core.object.TaskState;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ResourceRequirements;
import swarm.core.spec.Resources;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;
import swarm.manager.scheduler.filter.Pipeline;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

/**
 * The scheduler (filters once per task group, a decision tree per group) proposes exactly what filtering every node
 * for every task proposes ({@link ReferenceScheduler}), on random clusters: labels, drained and down nodes, tight
 * resources, constraints, one- and two-level spread, max replicas, host ports, two specs of one service pending at
 * once, global tasks, tasks already running.
 */
class SchedulerEquivalenceTest {
  private static final String[] ZONES = {"a", "b", "c", null};
  private static final List<List<String>> CONSTRAINTS = List.of(List.of(), List.of(), List.of("node.labels.ssd==true"),
      List.of("node.labels.zone!=c"), List.of("node.role==worker", "node.labels.zone!=a"));
  private static final List<List<String>> SPREADS = List.of(List.of(), List.of("node.labels.zone"),
      List.of("node.labels.zone", "node.labels.rack"), List.of("node.labels.rack"));
  private static final List<Resources> RESERVATIONS = List.of(Resources.NONE, Resources.NONE,
      new Resources(500_000_000L, 512L << 20, 0L), new Resources(0L, 2L << 30, 0L),
      new Resources(1_500_000_000L, 0L, 0L));
  private static final List<EndpointSpec> ENDPOINTS = List.of(EndpointSpec.NONE, EndpointSpec.NONE,
      ports(PortConfig.host(8080, 80, PortConfig.Protocol.TCP)),
      ports(PortConfig.host(8080, 80, PortConfig.Protocol.UDP)),
      ports(PortConfig.host(8080, 80, PortConfig.Protocol.TCP), PortConfig.host(9090, 90, PortConfig.Protocol.TCP)));

  @Test
  void placesExactlyAsFilteringEveryNodeForEveryTaskWould() {
    int assigned = 0;
    int unplaceable = 0;
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      ClusterState s = randomState(r);
      for (int pass = 0; pass < 3; pass++) {
        List<StoreCommand> expected = ReferenceScheduler.reconcile(Pipeline.standard(), s, T0.plusSeconds(pass));
        List<StoreCommand> actual = new Scheduler().reconcile(s, T0.plusSeconds(pass));
        assertThat(actual).as("seed %d pass %d", seed, pass).isEqualTo(expected);
        assigned += (int) actual.stream().filter(c -> c instanceof StoreCommand.AssignTask).count();
        unplaceable += (int) actual.stream().filter(c -> c instanceof StoreCommand.UpdateTaskStatus).count();
        // Between passes: what was proposed lands, and a new node joins.
        s = apply(apply(s, actual), new StoreCommand.PutNode(
            randomNodes(r, StateBuilder.state(), 1, "new" + pass).build().nodes().get("new" + pass + "-0"), 0));
      }
    }
    // The random clusters exercise both outcomes plenty.
    assertThat(assigned).isGreaterThan(5_000);
    assertThat(unplaceable).isGreaterThan(500);
  }

  private static ClusterState randomState(Random r) {
    StateBuilder b = randomNodes(r, StateBuilder.state(), 2 + r.nextInt(30), "n");
    List<String> nodeIds = new ArrayList<>(b.build().nodes().keySet());
    b.managerNode("m0");
    nodeIds.add("m0");
    int services = 1 + r.nextInt(6);
    int taskSeq = 0;
    for (int k = 0; k < services; k++) {
      String sid = "s" + k;
      boolean global = r.nextInt(6) == 0;
      int versions = r.nextInt(4) == 0 ? 2 : 1;
      for (int v = 0; v < versions; v++) {
        b.service(sid, randomSpec(r, "svc" + k, global));
        int tasks = global ? nodeIds.size() : r.nextInt(40);
        for (int i = 0; i < tasks; i++) {
          String id = String.format("t%04d", taskSeq++);
          if (global) {
            String node = r.nextInt(10) == 0 ? "gone" : nodeIds.get(i);
            b.globalTask(id, sid, node, r.nextInt(3) == 0 ? TaskState.RUNNING : TaskState.PENDING,
                TaskState.RUNNING, T0.plusMillis(taskSeq));
          } else if (r.nextInt(4) == 0) {
            TaskState st = List.of(TaskState.ASSIGNED, TaskState.RUNNING, TaskState.FAILED).get(r.nextInt(3));
            b.task(id, sid, 1 + r.nextInt(50), st, TaskState.RUNNING, nodeIds.get(r.nextInt(nodeIds.size())),
                T0.plusMillis(taskSeq));
          } else {
            TaskState desired = r.nextInt(15) == 0 ? TaskState.SHUTDOWN : TaskState.RUNNING;
            b.task(id, sid, 1 + r.nextInt(50), TaskState.PENDING, desired, null, T0.plusMillis(taskSeq));
          }
        }
      }
    }
    return b.build();
  }

  private static StateBuilder randomNodes(Random r, StateBuilder b, int count, String prefix) {
    for (int i = 0; i < count; i++) {
      String id = prefix + (prefix.equals("n") ? String.format("%02d", i) : "-" + i);
      Node.State state = r.nextInt(10) == 0 ? Node.State.DOWN : Node.State.READY;
      Node.Availability availability = List.of(Node.Availability.ACTIVE, Node.Availability.ACTIVE,
          Node.Availability.ACTIVE, Node.Availability.ACTIVE, Node.Availability.DRAIN, Node.Availability.PAUSE)
          .get(r.nextInt(6));
      b.node(id, state, availability, new Resources((1 + r.nextInt(4)) * 1_000_000_000L, (1L + r.nextInt(8)) << 30,
          0L));
      List<String> labels = new ArrayList<>();
      String zone = ZONES[r.nextInt(ZONES.length)];
      if (zone != null) {
        labels.addAll(List.of("zone", zone));
      }
      if (r.nextBoolean()) {
        labels.addAll(List.of("rack", String.valueOf(1 + r.nextInt(2))));
      }
      if (r.nextInt(3) == 0) {
        labels.addAll(List.of("ssd", "true"));
      }
      b.labels(id, labels.toArray(String[]::new));
    }
    return b;
  }

  private static ServiceSpec randomSpec(Random r, String name, boolean global) {
    ServiceSpec s = global ? StateBuilder.globalSpec(name) : StateBuilder.spec(name, 10);
    List<Placement.Preference> prefs = SPREADS.get(r.nextInt(SPREADS.size())).stream()
        .map(Placement.Preference::spread).toList();
    long max = List.of(0L, 0L, 1L, 2L, 3L).get(r.nextInt(5));
    TaskSpec t = s.taskTemplate()
        .withPlacement(new Placement(CONSTRAINTS.get(r.nextInt(CONSTRAINTS.size())), prefs, max))
        .withResources(new ResourceRequirements(null, RESERVATIONS.get(r.nextInt(RESERVATIONS.size()))));
    return s.withTaskTemplate(t).withEndpointSpec(ENDPOINTS.get(r.nextInt(ENDPOINTS.size())));
  }

  private static EndpointSpec ports(PortConfig... ports) {
    return new EndpointSpec(null, List.of(ports));
  }
}
