package swarm.manager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.manager.testing.StateBuilder.globalSpec;
import static swarm.manager.testing.StateBuilder.spec;
import static swarm.manager.testing.StateBuilder.state;

import org.junit.jupiter.api.Test;

class TaskBudgetTest {
  private static final long TASK = TaskBudget.costOfTask(spec("web", 10));

  @Test
  void theHeapLessWhatTheDaemonNeedsIsForTasks() {
    assertThat(TaskBudget.ofHeap(160L << 20).bytes()).isEqualTo(96L << 20);
    assertThat(TaskBudget.ofHeap(32L << 20).bytes()).isEqualTo(TaskBudget.MIN_BYTES);
  }

  @Test
  void aTaskCostsItsShareOfHeapPlusTwiceItsSpec() {
    assertThat(TASK).isEqualTo(TaskBudget.BYTES_PER_TASK + 2L * TaskBudget.specBytes(spec("web", 10)));
    assertThat(new TaskBudget(100 * TASK).tasksOf(spec("web", 10))).isEqualTo(100);
  }

  @Test
  void servicesGetTheirReplicasInIdOrderUntilTheBudgetIsSpent() {
    ClusterState s = state().service("s1", spec("web", 60)).service("s2", spec("api", 60))
        .service("s3", spec("www", 50)).build();

    assertThat(new TaskBudget(100 * TASK).allowedReplicas(s)).containsExactly(
        java.util.Map.entry("s1", 60L), java.util.Map.entry("s2", 40L), java.util.Map.entry("s3", 0L));
  }

  @Test
  void globalServicesTakeOneTaskPerNodeFirst() {
    ClusterState s = state().readyNode("n1").readyNode("n2").service("g", globalSpec("agent"))
        .service("s1", spec("web", 99)).build();
    long global = TaskBudget.costOfTask(globalSpec("agent"));

    assertThat(new TaskBudget(100 * TASK).allowedReplicas(s).get("s1")).isEqualTo(Math.min(99, (100 * TASK - 2 * global) / TASK));
    assertThat(new TaskBudget(100 * TASK).usedByOthers(s, "s1")).isEqualTo(2 * global);
  }

  @Test
  void aBillionReplicasCommittedBeforeTheLimitDoNotOverflow() {
    ClusterState s = state().service("s1", spec("web", 4_000_000_000_000_000_000L)).build();

    assertThat(new TaskBudget(100 * TASK).usedByOthers(s, null)).isEqualTo(Long.MAX_VALUE);
    long huge = TaskBudget.costOfTask(s.services().get("s1").spec());
    assertThat(new TaskBudget(100 * huge).allowedReplicas(s).get("s1")).isEqualTo(100);
  }
}
