package swarm.manager.scheduler.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.scheduler.filter.Fixtures.pendingTask;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.object.Node;
import swarm.core.object.Version;
import swarm.core.spec.Resources;
import swarm.manager.scheduler.NodeInfo;
import swarm.manager.testing.StateBuilder;

class ConstraintFilterTest {
  private final ConstraintFilter filter = new ConstraintFilter();
  private final StateBuilder nodes = state().labeledNode("n1", "zone", "a").labeledNode("n2", "zone", "b")
      .readyNode("n3").managerNode("m1");

  private boolean accepts(String nodeId, String... constraints) {
    return filter.accepts(Fixtures.node(nodes, nodeId), pendingTask(List.of(constraints)));
  }

  @Test
  void nodeLabelsMustMatchAndAMissingLabelOnlyPassesNotEquals() {
    assertThat(accepts("n1", "node.labels.zone==a")).isTrue();
    assertThat(accepts("n2", "node.labels.zone==a")).isFalse();
    assertThat(accepts("n3", "node.labels.zone==a")).isFalse();
    assertThat(accepts("n3", "node.labels.zone!=a")).isTrue();
    assertThat(accepts("n1", "node.labels.zone==A")).isTrue();
  }

  @Test
  void idHostnameAndRole() {
    assertThat(accepts("n1", "node.id==n1")).isTrue();
    assertThat(accepts("n1", "node.id!=n1")).isFalse();
    assertThat(accepts("n2", "node.hostname==n2-host")).isTrue();
    assertThat(accepts("m1", "node.role==manager")).isTrue();
    assertThat(accepts("n1", "node.role==manager")).isFalse();
    assertThat(accepts("n1", "node.role==worker")).isTrue();
  }

  @Test
  void allConstraintsMustHold() {
    assertThat(accepts("n1", "node.labels.zone==a", "node.role==worker")).isTrue();
    assertThat(accepts("n1", "node.labels.zone==a", "node.role==manager")).isFalse();
  }

  @Test
  void platformOsAndArch() {
    NodeInfo linux = NodeInfo.of(new Node("p1", new Version(1), T0, T0, new Node.Spec(null, null, Map.of()),
        new Node.Description("p1", new Node.Platform("linux", "x86_64"), Resources.NONE),
        new Node.Status(Node.State.READY, null, null), null));
    assertThat(filter.accepts(linux, pendingTask(List.of("node.platform.os==linux")))).isTrue();
    assertThat(filter.accepts(linux, pendingTask(List.of("node.platform.arch!=x86_64")))).isFalse();
    // This node's daemon reports no engine labels: unset.
    assertThat(filter.accepts(linux, pendingTask(List.of("engine.labels.disk==ssd")))).isFalse();
    assertThat(filter.accepts(linux, pendingTask(List.of("engine.labels.disk!=ssd")))).isTrue();
  }

  @Test
  void engineLabelsAreTheOnesTheNodesDaemonReports() {
    NodeInfo ssd = NodeInfo.of(new Node("e1", new Version(1), T0, T0, new Node.Spec(null, null, Map.of()),
        new Node.Description("e1", new Node.Platform("linux", "x86_64"), Resources.NONE,
            new Node.Engine(Map.of("disk", "ssd"))),
        new Node.Status(Node.State.READY, null, null), null));
    assertThat(filter.accepts(ssd, pendingTask(List.of("engine.labels.disk==ssd")))).isTrue();
    assertThat(filter.accepts(ssd, pendingTask(List.of("engine.labels.disk!=ssd")))).isFalse();
    assertThat(filter.accepts(ssd, pendingTask(List.of("engine.labels.disk==hdd")))).isFalse();
  }

  @Test
  void noConstraintsAcceptsEveryNode() {
    assertThat(accepts("n3")).isTrue();
  }

  @Test
  void explainsNamingTheConstraints() {
    assertThat(filter.explain(2, pendingTask(List.of("node.labels.zone==a"))))
        .isEqualTo("2 nodes not matching constraint node.labels.zone==a");
    assertThat(filter.explain(1, pendingTask(List.of("node.labels.zone==a", "node.role!=manager"))))
        .isEqualTo("1 node not matching constraints node.labels.zone==a, node.role!=manager");
  }
}
