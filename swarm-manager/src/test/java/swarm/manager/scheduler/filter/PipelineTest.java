package swarm.manager.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.core.object.Node;
import swarm.core.object.Task;
import swarm.core.spec.Placement;
import swarm.core.spec.Resources;
import swarm.core.spec.ResourceRequirements;
import swarm.manager.scheduler.NodeInfo;
import swarm.manager.testing.StateBuilder;

class PipelineTest {
  private final Pipeline pipeline = Pipeline.standard();

  @Test
  void countsTheFirstFilterThatRefusedEachNodeAndExplainsThemInOrder() {
    Resources small = new Resources(4_000_000_000L, 1L << 30, 0L);
    StateBuilder b = state()
        .node("down", Node.State.DOWN, Node.Availability.ACTIVE, small)
        .node("s1", Node.State.READY, Node.Availability.ACTIVE, small).labels("s1", "zone", "a")
        .node("s2", Node.State.READY, Node.Availability.ACTIVE, small).labels("s2", "zone", "a")
        .node("s3", Node.State.READY, Node.Availability.ACTIVE, small)
        .labeledNode("b1", "zone", "b").labeledNode("b2", "zone", "b");
    var spec = StateBuilder.spec("web", 1, new Placement(List.of("node.labels.zone==a"), null, null));
    spec = spec.withTaskTemplate(spec.taskTemplate().withResources(
        new ResourceRequirements(null, new Resources(0L, 2L << 30, 0L))));
    Task task = Fixtures.pendingTask(spec);
    List<NodeInfo> nodes = b.build().nodes().values().stream().map(NodeInfo::of).toList();

    Pipeline.Outcome outcome = pipeline.evaluate(task, nodes);

    assertThat(outcome.eligible()).isEmpty();
    assertThat(outcome.explanation()).isEqualTo("no suitable node (1 node not available for new tasks; "
        + "insufficient resources on 3 nodes; 2 nodes not matching constraint node.labels.zone==a)");
  }

  @Test
  void keepsTheNodesThatPassEveryFilter() {
    StateBuilder b = state().labeledNode("a1", "zone", "a").labeledNode("b1", "zone", "b");
    Task task = Fixtures.pendingTask(List.of("node.labels.zone==a"));
    Pipeline.Outcome outcome = pipeline.evaluate(task,
        b.build().nodes().values().stream().map(NodeInfo::of).toList());
    assertThat(outcome.eligible()).extracting(n -> n.node().id()).containsExactly("a1");
    assertThat(outcome.explanation()).isNull();
  }

  @Test
  void anEmptySwarmSaysSo() {
    assertThat(pipeline.evaluate(Fixtures.pendingTask(List.of()), List.of()).explanation())
        .isEqualTo("no suitable node (no nodes in the swarm)");
  }
}
