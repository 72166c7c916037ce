package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.core.object.UpdateStatus.State.COMPLETED;
import static swarm.core.object.UpdateStatus.State.PAUSED;
import static swarm.core.object.UpdateStatus.State.ROLLBACK_COMPLETED;
import static swarm.core.object.UpdateStatus.State.ROLLBACK_PAUSED;
import static swarm.core.object.UpdateStatus.State.ROLLBACK_STARTED;
import static swarm.core.object.UpdateStatus.State.UPDATING;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import swarm.cli.service.UpdateWatch.Asked;
import swarm.cli.service.UpdateWatch.Outcome;
import swarm.cli.service.UpdateWatch.Verdict;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.UpdateStatus;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.TaskSpec;

/**
 * The exit-code decision of {@code service update} and {@code service rollback}, over sequences of UpdateStatus as
 * the managers write them: what ends the wait, how, and what must not be mistaken for this request's end.
 */
class UpdateWatchTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  private static UpdateStatus status(UpdateStatus.State state, Instant started, String message) {
    return new UpdateStatus(state, started, null, message);
  }

  /** The verdicts of the looks, in order; each look is (status, converged). */
  private static List<Verdict> run(UpdateWatch watch, Object... looks) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < looks.length; i += 2) {
      verdicts.add(watch.judge((UpdateStatus) looks[i], (Boolean) looks[i + 1]));
    }
    return verdicts;
  }

  private static Verdict last(List<Verdict> verdicts) {
    return verdicts.get(verdicts.size() - 1);
  }

  @Test
  void anUpdateSucceedsOnlyWhenItsStatusReachesCompleted() {
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, null);
    List<Verdict> v = run(watch, null, false, status(UPDATING, T1, "update in progress"), false,
        status(UPDATING, T1, "update in progress"), true, status(COMPLETED, T1, "update completed"), true);

    assertThat(v).extracting(Verdict::outcome)
        .containsExactly(Outcome.WAITING, Outcome.WAITING, Outcome.WAITING, Outcome.SUCCEEDED);
  }

  @Test
  void convergedTasksAloneDoNotEndAnUpdate() {
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, null);
    assertThat(run(watch, null, true, null, true)).extracting(Verdict::outcome)
        .containsOnly(Outcome.WAITING);
  }

  @Test
  void anAutomaticRollbackIsAFailureNamingWhyItRolledBack() {
    // docker/cli#6752: docker's CLI exits 0 here, so a CI job believes a failed deploy went out.
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, null);
    List<Verdict> v = run(watch, status(UPDATING, T1, "update in progress"), false,
        status(ROLLBACK_STARTED, T1, "update rolled back due to failure or early termination of task abc"), false,
        status(ROLLBACK_STARTED, T1, "update rolled back due to failure or early termination of task abc"), true,
        status(ROLLBACK_COMPLETED, T1, "rollback completed"), true);

    assertThat(v.subList(0, 3)).extracting(Verdict::outcome).containsOnly(Outcome.WAITING);
    assertThat(last(v)).isEqualTo(Verdict.failed("update of web failed and was rolled back: update rolled back due"
        + " to failure or early termination of task abc"));
  }

  @Test
  void aRollbackSeenOnlyWhenCompletedStillFailsWithItsMessage() {
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, status(COMPLETED, T0, "update completed"));
    assertThat(watch.judge(status(ROLLBACK_COMPLETED, T1, "rollback completed"), true))
        .isEqualTo(Verdict.failed("update of web failed and was rolled back: rollback completed"));
  }

  @Test
  void aPausedUpdateFailsWithTheManagersMessage() {
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, null);
    assertThat(last(run(watch, status(UPDATING, T1, ""), false,
        status(PAUSED, T1, "update paused due to failure or early termination of task abc"), false)))
        .isEqualTo(Verdict.failed("update of web paused: update paused due to failure or early termination of task"
            + " abc"));
  }

  @Test
  void aPausedRollbackAfterAFailedUpdateSaysBoth() {
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, null);
    assertThat(last(run(watch, status(ROLLBACK_STARTED, T1, "update rolled back due to failure of task abc"), false,
        status(ROLLBACK_PAUSED, T1, "rollback paused due to failure of task def"), false)))
        .isEqualTo(Verdict.failed("update of web failed (update rolled back due to failure of task abc) and its"
            + " rollback paused: rollback paused due to failure of task def"));
  }

  @Test
  void theStatusLeftByTheLastUpdateIsNotThisOnes() {
    // Right after the request the managers have not started yet: the old completed (or paused) status is still
    // there, and must neither end the wait nor fail it.
    UpdateWatch afterCompleted = new UpdateWatch("web", Asked.UPDATE, status(COMPLETED, T0, "update completed"));
    assertThat(run(afterCompleted, status(COMPLETED, T0, "update completed"), true,
        status(UPDATING, T1, "update in progress"), false, status(COMPLETED, T1, "update completed"), true))
        .extracting(Verdict::outcome).containsExactly(Outcome.WAITING, Outcome.WAITING, Outcome.SUCCEEDED);

    UpdateWatch afterPaused = new UpdateWatch("web", Asked.UPDATE, status(PAUSED, T0, "paused"));
    assertThat(run(afterPaused, status(PAUSED, T0, "paused"), false, status(COMPLETED, T1, "done"), true))
        .extracting(Verdict::outcome).containsExactly(Outcome.WAITING, Outcome.SUCCEEDED);

    UpdateWatch afterRolledBack = new UpdateWatch("web", Asked.UPDATE, status(ROLLBACK_COMPLETED, T0, "rb"));
    assertThat(afterRolledBack.judge(status(ROLLBACK_COMPLETED, T0, "rb"), true).outcome())
        .isEqualTo(Outcome.WAITING);
    assertThat(afterRolledBack.fresh(status(ROLLBACK_COMPLETED, T0, "rb"))).isNull();
  }

  @Test
  void anUpdateThatStartedAndEndedBetweenTwoLooksIsStillSeen() {
    UpdateWatch watch = new UpdateWatch("web", Asked.UPDATE, status(COMPLETED, T0, "update completed"));
    assertThat(watch.judge(status(COMPLETED, T1, "update completed"), true)).isEqualTo(Verdict.SUCCEEDED);
  }

  @Test
  void aChangeThatReplacesNoTaskIsDoneOnceConverged() {
    UpdateWatch watch = new UpdateWatch("web", Asked.NOTHING, status(PAUSED, T0, "paused earlier"));
    assertThat(run(watch, status(PAUSED, T0, "paused earlier"), false, status(PAUSED, T0, "paused earlier"), true))
        .extracting(Verdict::outcome).containsExactly(Outcome.WAITING, Outcome.SUCCEEDED);
  }

  @Test
  void aChangeThoughtToReplaceNothingFollowsAnUpdateTheManagersStartAnyway() {
    UpdateWatch watch = new UpdateWatch("web", Asked.NOTHING, null);
    assertThat(run(watch, status(UPDATING, T1, ""), true, status(ROLLBACK_COMPLETED, T1, "rollback completed"),
        true)).extracting(Verdict::outcome).containsExactly(Outcome.WAITING, Outcome.FAILED);
  }

  @Test
  void aRollbackWeAskedForSucceedsWhenRolledBack() {
    UpdateWatch watch = new UpdateWatch("web", Asked.ROLLBACK, status(COMPLETED, T0, "update completed"));
    List<Verdict> v = run(watch, status(ROLLBACK_STARTED, T1, "manually requested rollback"), true,
        status(ROLLBACK_COMPLETED, T1, "rollback completed"), true);

    assertThat(v).extracting(Verdict::outcome).containsExactly(Outcome.WAITING, Outcome.SUCCEEDED);
    assertThat(watch.rollingBack(status(ROLLBACK_STARTED, T1, "manually requested rollback"))).isTrue();
  }

  @Test
  void aRollbackWeAskedForFailsWhenPausedOrReplaced() {
    UpdateWatch paused = new UpdateWatch("web", Asked.ROLLBACK, null);
    assertThat(paused.judge(status(ROLLBACK_PAUSED, T1, "rollback paused due to failure of task x"), false))
        .isEqualTo(Verdict.failed("rollback of web paused: rollback paused due to failure of task x"));

    UpdateWatch replaced = new UpdateWatch("web", Asked.ROLLBACK, null);
    assertThat(replaced.judge(status(COMPLETED, T1, "update completed"), true).outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void anUpdateIsAskedWhenALiveTaskRunsAnotherSpec() {
    ServiceSpec v1 = spec("app:1@sha256:aa");
    ServiceSpec v2 = spec("app:2@sha256:bb");
    Task running = task("t1", v1, TaskState.RUNNING, TaskState.RUNNING);
    Task oldFailed = task("t0", v1, TaskState.FAILED, TaskState.SHUTDOWN);
    Task stopping = task("t2", v1, TaskState.RUNNING, TaskState.SHUTDOWN);
    Task current = task("t3", v2, TaskState.RUNNING, TaskState.RUNNING);

    assertThat(UpdateWatch.asked(List.of(running, current), v2)).isEqualTo(Asked.UPDATE);
    assertThat(UpdateWatch.asked(List.of(oldFailed, stopping, current), v2)).isEqualTo(Asked.NOTHING);
    assertThat(UpdateWatch.asked(List.of(running), v1.withReplicas(5))).as("replicas are not the template")
        .isEqualTo(Asked.NOTHING);
    assertThat(UpdateWatch.asked(List.of(), v2)).as("no task to replace").isEqualTo(Asked.NOTHING);
  }

  private static ServiceSpec spec(String image) {
    return new ServiceSpec("web", null, new TaskSpec(new ContainerSpec(image, null, List.of("sleep", "9"), null,
        null, null, null, null, null), null, null, null), null);
  }

  private static Task task(String id, ServiceSpec spec, TaskState state, TaskState desired) {
    return new Task(id, null, T0, T0, "svc", "web", 1L, "n1", spec.taskTemplate(), spec.endpointSpec(), null,
        TaskStatus.of(state, T0, state.wire()), desired, null);
  }
}
