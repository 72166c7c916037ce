package swarm.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.T0;
import static swarm.manager.testing.StateBuilder.state;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.manager.state.ClusterState;
import swarm.manager.testing.StateBuilder;

class DecisionTreeTest {
  private final ClusterState s = state().labeledNode("a1", "zone", "a").labeledNode("a2", "zone", "a")
      .labeledNode("b1", "zone", "b").readyNode("x1")
      .service("s1", StateBuilder.spec("web", 3)).service("s2", StateBuilder.spec("db", 3))
      .task("w", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0)
      .task("d", "s2", 1, TaskState.PENDING, TaskState.RUNNING, null, T0).build();
  private final Map<String, NodeInfo> nodes = PlacementPass.nodeInfos(s);
  private final Task web = s.tasks().get("w");
  private final Task db = s.tasks().get("d");

  private DecisionTree tree(List<String> spread) {
    DecisionTree t = new DecisionTree("s1", spread);
    nodes.values().forEach(t::add);
    return t;
  }

  private NodeInfo place(DecisionTree t, String nodeId, Task task) {
    NodeInfo n = nodes.get(nodeId).addTask(task);
    t.refresh(n);
    return n;
  }

  @Test
  void withoutSpreadTheNodeWithFewestTasksOfTheServiceThenFewestInAllThenLowestId() {
    DecisionTree t = tree(List.of());
    assertThat(t.best().id()).isEqualTo("a1");
    place(t, "a1", web);
    place(t, "a2", db);
    // a2 runs no web task but one db task: b1 and x1 run nothing at all.
    assertThat(t.best().id()).isEqualTo("b1");
    place(t, "b1", web);
    assertThat(t.best().id()).isEqualTo("x1");
    place(t, "x1", web);
    assertThat(t.best().id()).isEqualTo("a2");
  }

  @Test
  void spreadPicksTheBranchWithFewestTasksOfTheServiceAndLabellessNodesComeLastOnATie() {
    DecisionTree t = tree(List.of("node.labels.zone"));
    assertThat(t.best().id()).isEqualTo("a1");
    place(t, "a1", web);
    assertThat(t.best().id()).isEqualTo("b1");
    place(t, "b1", web);
    assertThat(t.best().id()).isEqualTo("x1");
    place(t, "x1", web);
    // Zone a holds one web task over two nodes, like every other branch: a again, on its empty node.
    assertThat(t.best().id()).isEqualTo("a2");
  }

  @Test
  void aBranchWhoseNodesAreAllGoneNoLongerAttractsTasks() {
    DecisionTree t = tree(List.of("node.labels.zone"));
    place(t, "a1", web);
    place(t, "b1", web);
    t.remove(nodes.get("x1"));
    assertThat(t.best().id()).isEqualTo("a2");
    t.remove(nodes.get("a1"));
    t.remove(nodes.get("a2"));
    assertThat(t.best().id()).isEqualTo("b1");
    t.remove(nodes.get("b1"));
    assertThat(t.best()).isNull();
    assertThat(t.isEmpty()).isTrue();
  }

  @Test
  void nestedLevelsSumTheirNodesAndRemovingANodeTakesItsTasksOutOfTheSums() {
    ClusterState racks = state().labeledNode("a1", "zone", "a", "rack", "1").labeledNode("a2", "zone", "a", "rack", "2")
        .labeledNode("b1", "zone", "b", "rack", "1").service("s1", StateBuilder.spec("web", 3))
        .task("w", "s1", 1, TaskState.PENDING, TaskState.RUNNING, null, T0).build();
    Map<String, NodeInfo> ns = PlacementPass.nodeInfos(racks);
    Task w = racks.tasks().get("w");
    DecisionTree t = new DecisionTree("s1", List.of("node.labels.zone", "node.labels.rack"));
    ns.values().forEach(t::add);
    t.refresh(ns.get("a1").addTask(w));
    t.refresh(ns.get("a1").addTask(w));
    assertThat(t.best().id()).isEqualTo("b1");
    t.refresh(ns.get("b1").addTask(w));
    // a: 2 (a1), b: 1: zone b again.
    assertThat(t.best().id()).isEqualTo("b1");
    // Without a1 zone a counts 0 tasks: its other rack wins.
    t.remove(ns.get("a1"));
    assertThat(t.best().id()).isEqualTo("a2");
  }
}
