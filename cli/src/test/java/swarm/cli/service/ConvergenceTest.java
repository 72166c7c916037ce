package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.spec.RestartPolicy;

class ConvergenceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Task task(String id, long slot, TaskState state, TaskState desired, String err, int second) {
    Instant at = T0.plusSeconds(second);
    return new Task(id, null, at, at, "svc", "web", slot, "n1", null, null, null,
        new TaskStatus(at, state, state.wire(), err, null), desired, null);
  }

  private static Convergence web(long replicas, RestartPolicy.Condition c) {
    return new Convergence("web", replicas, c, Set.of());
  }

  @Test
  void showsOverallAndPerSlotProgressLikeDocker() {
    Convergence.Look look = web(3, RestartPolicy.Condition.ANY).look(List.of(
        task("a", 1, TaskState.RUNNING, TaskState.RUNNING, null, 1),
        task("b", 2, TaskState.STARTING, TaskState.RUNNING, null, 1),
        task("c", 3, TaskState.PENDING, TaskState.RUNNING, "no suitable node (1 node not available)", 1)));
    assertThat(look.lines()).extracting(ProgressLine::text).containsExactly(
        "overall progress: 1 out of 3 tasks",
        "1/3: running   [==================================================>]",
        "2/3: starting  [============================================>      ]",
        "3/3: no suitable node (1 node not available)");
    assertThat(look.converged()).isFalse();
    assertThat(look.failure()).isNull();
  }

  @Test
  void convergesWhenEveryReplicaRuns() {
    Convergence.Look look = web(2, RestartPolicy.Condition.ANY).look(List.of(
        task("a", 1, TaskState.RUNNING, TaskState.RUNNING, null, 1),
        task("b", 2, TaskState.RUNNING, TaskState.RUNNING, null, 1),
        task("old", 2, TaskState.FAILED, TaskState.SHUTDOWN, "task: non-zero exit (1)", 0)));
    assertThat(look.converged()).isTrue();
    assertThat(look.running()).isEqualTo(2);
  }

  @Test
  void aSlotThatFailedTwiceStopsTheWaitWithTheNewestError() {
    Convergence.Look look = web(2, RestartPolicy.Condition.ANY).look(List.of(
        task("a", 1, TaskState.RUNNING, TaskState.RUNNING, null, 1),
        task("b1", 2, TaskState.FAILED, TaskState.SHUTDOWN, "task: non-zero exit (1)", 1),
        task("b2", 2, TaskState.FAILED, TaskState.SHUTDOWN, "task: non-zero exit (127)", 6),
        task("b3", 2, TaskState.PENDING, TaskState.READY, null, 6)));
    assertThat(look.failure()).isEqualTo("task web.2 failed: task: non-zero exit (127)");
    assertThat(look.converged()).isFalse();
  }

  @Test
  void oneFailureIsEnoughWhenTheTaskWillNeverRestart() {
    Convergence.Look look = web(1, RestartPolicy.Condition.NONE).look(List.of(
        task("a", 1, TaskState.REJECTED, TaskState.SHUTDOWN, "no such image: nope:latest", 1)));
    assertThat(look.failure()).isEqualTo("task web.1 was rejected: no such image: nope:latest");
  }

  @Test
  void completedTaskWithOnFailureNeverConverges() {
    Convergence.Look look = web(1, RestartPolicy.Condition.ON_FAILURE).look(List.of(
        task("a", 1, TaskState.COMPLETE, TaskState.SHUTDOWN, null, 1)));
    assertThat(look.failure()).isEqualTo("task web.1 completed and will not be restarted (restart condition on-failure)");
  }

  @Test
  void failuresFromBeforeTheWaitAreIgnored() {
    Convergence c = new Convergence("web", 1, RestartPolicy.Condition.ANY, Set.of("old1", "old2"));
    Convergence.Look look = c.look(List.of(
        task("old1", 1, TaskState.FAILED, TaskState.SHUTDOWN, "x", 0),
        task("old2", 1, TaskState.FAILED, TaskState.SHUTDOWN, "x", 1),
        task("new", 1, TaskState.RUNNING, TaskState.RUNNING, null, 2)));
    assertThat(look.failure()).isNull();
    assertThat(look.converged()).isTrue();
  }

  @Test
  void scaledDownTasksDoNotCount() {
    Convergence.Look look = web(1, RestartPolicy.Condition.ANY).look(List.of(
        task("a", 1, TaskState.RUNNING, TaskState.RUNNING, null, 1),
        task("b", 2, TaskState.RUNNING, TaskState.REMOVE, null, 1)));
    assertThat(look.running()).isEqualTo(1);
    assertThat(look.converged()).isTrue();
    assertThat(look.lines()).hasSize(2);
  }

  @Test
  void progressViewPrintsOnlyChangedLinesWhenNotATerminal() {
    java.io.StringWriter w = new java.io.StringWriter();
    ProgressView view = new ProgressView(new java.io.PrintWriter(w), false);
    view.show(List.of(new ProgressLine("overall", "overall progress: 0 out of 1 tasks"), new ProgressLine("1/1", "a")));
    view.show(List.of(new ProgressLine("overall", "overall progress: 0 out of 1 tasks"), new ProgressLine("1/1", "b")));
    view.finish("verify: Service web converged");
    assertThat(w.toString().lines()).containsExactly("overall progress: 0 out of 1 tasks", "a", "b",
        "verify: Service web converged");
  }

  @Test
  void progressViewOnATerminalRedrawsInPlaceAndBlanksLinesThatWentAway() {
    java.io.StringWriter w = new java.io.StringWriter();
    ProgressView view = new ProgressView(new java.io.PrintWriter(w), true);
    view.show(List.of(new ProgressLine("overall", "a"), new ProgressLine("verify", "b")));
    view.show(List.of(new ProgressLine("overall", "c")));
    assertThat(w.toString()).isEqualTo("\033[2Ka\n\033[2Kb\n" + "\033[2A\033[2Kc\n\033[2K\n");
  }
}
