package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.service.ConvergenceTest.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.object.Task;
import swarm.core.object.TaskState;

class TaskRowsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");

  @Test
  void historyRowsFollowTheCurrentTaskOfTheirSlot() {
    List<Map<String, String>> rows = TaskRows.rows(List.of(
        task("t2old0000000000000000000", 2, TaskState.FAILED, TaskState.SHUTDOWN, "task: non-zero exit (127)", 1),
        task("t1aaaaaaaaaaaaaaaaaaaaaa", 1, TaskState.RUNNING, TaskState.RUNNING, null, 7),
        task("t2new0000000000000000000", 2, TaskState.RUNNING, TaskState.RUNNING, null, 9)),
        "web", Map.of("n1", "node-1"), false, NOW);
    assertThat(rows).extracting(r -> r.get("Name")).containsExactly("web.1", "web.2", " \\_ web.2");
    assertThat(rows.get(0)).containsEntry("ID", "t1aaaaaaaaaa").containsEntry("Node", "node-1")
        .containsEntry("DesiredState", "Running").containsEntry("CurrentState", "Running 3 seconds ago")
        .containsEntry("Error", "");
    assertThat(rows.get(2)).containsEntry("DesiredState", "Shutdown")
        .containsEntry("CurrentState", "Failed 9 seconds ago")
        .containsEntry("Error", "\"task: non-zero exit (127)\"");
  }

  @Test
  void aSlotWhoseNewTaskRunsOnAnotherNodeStillShowsItFirst() {
    Task old = task("t1old0000000000000000000", 1, TaskState.SHUTDOWN, TaskState.SHUTDOWN, null, 1);
    Task moved = task("t1new0000000000000000000", 1, TaskState.RUNNING, TaskState.RUNNING, null, 5);
    moved = new Task(moved.id(), null, moved.createdAt(), moved.updatedAt(), moved.serviceId(), moved.serviceName(),
        moved.slot(), "n0", null, null, null, moved.status(), moved.desiredState(), null); // sorts before n1

    List<Map<String, String>> rows = TaskRows.rows(List.of(old, moved), "web", Map.of(), false, NOW);

    assertThat(rows).extracting(r -> r.get("ID") + " " + r.get("Name"))
        .containsExactly("t1new0000000 web.1", "t1old0000000  \\_ web.1");
  }

  @Test
  void aTaskRefusedBeforeItRanSaysWhenItsSlotRestarts() {
    // The worker refused web.1 at T0+8 s; default restart delay 5 s. The refusal before it was shut down long ago.
    Task waiting = task("t1new0000000000000000000", 1, TaskState.REJECTED, TaskState.RUNNING,
        "unable to find user nosuchuser: no matching entries in the image's passwd file", 8);
    Task earlier = task("t1old0000000000000000000", 1, TaskState.REJECTED, TaskState.SHUTDOWN,
        "unable to find user nosuchuser: no matching entries in the image's passwd file", 1);

    List<Map<String, String>> rows = TaskRows.rows(List.of(earlier, waiting), "web", Map.of(), true, NOW);

    assertThat(rows.get(0)).containsEntry("DesiredState", "Running")
        .containsEntry("CurrentState", "Rejected 2 seconds ago (restart in 3 seconds)")
        .containsEntry("Error", "\"unable to find user nosuchuser: no matching entries in the image's passwd file\"");
    assertThat(rows.get(1)).containsEntry("CurrentState", "Rejected 9 seconds ago");
    // Each refusal in a row doubles the wait: the third waits 20 s.
    assertThat(TaskRows.restart(waiting.withFailedStarts(2), NOW)).isEqualTo(" (restart in 18 seconds)");
    assertThat(TaskRows.restart(waiting, NOW.plusSeconds(3))).isEqualTo(" (restarting)");
  }

  @Test
  void longErrorsAreCutUnlessNoTrunc() {
    String err = "starting container failed: exec: \"nope\": not found";
    assertThat(TaskRows.error(err, false)).isEqualTo("\"starting container failed: ex…\"");
    assertThat(TaskRows.error(err, true)).isEqualTo("\"" + err + "\"");
  }
}
