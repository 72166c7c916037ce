package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.WEB;
import static swarm.cli.FakeCluster.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.cli.FakeCluster;
import swarm.cli.FakeDaemon;
import swarm.core.json.Json;
import swarm.core.object.Task;
import swarm.core.object.TaskState;
import swarm.core.object.TaskStatus;
import swarm.core.object.UpdateStatus;
import swarm.core.object.UpdateStatus.State;
import swarm.core.spec.ServiceSpec;

/**
 * {@code swarm service update} and {@code service rollback} against a fake daemon that keeps the posted spec and
 * plays the managers' updater (tasks and UpdateStatus per look): what is read and posted, what is printed, how the
 * wait tells the new spec's tasks from the old ones, when it ends and with which exit code, and what never reaches
 * the daemon.
 */
@Timeout(30)
class ServiceUpdateCommandTest {
  private static final String NL = System.lineSeparator();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:05Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:08Z");
  private static final String BAR = "[" + "=".repeat(50) + ">]";

  @TempDir
  Path dir;
  FakeDaemon daemon;
  /** The service's spec and previous spec as the fake daemon has them: a POST swaps them in. */
  final AtomicReference<ServiceSpec> stored = new AtomicReference<>();
  final AtomicReference<ServiceSpec> previous = new AtomicReference<>();
  final AtomicReference<UpdateStatus> status = new AtomicReference<>();
  final List<ServiceSpec> posted = new CopyOnWriteArrayList<>();
  /** How many times the tasks were listed: the fake updater's clock. */
  final AtomicInteger looks = new AtomicInteger();
  /** The tasks the fake daemon lists, given the spec it has and the look. */
  volatile TaskSource tasks = (spec, look) -> List.of();
  /** The fake updater: runs at each read of the service, given the look so far (may change status and specs). */
  volatile Runnable updater = () -> {};

  interface TaskSource {
    List<Task> at(ServiceSpec spec, int look);
  }

  @BeforeEach
  void start() {
    daemon = new FakeDaemon(dir);
    FakeCluster.common(daemon.router());
    stored.set(new Cli().<ServiceCreate>parse("service", "create", "--name", "web", "--replicas", "2", "-e", "A=1",
        "busybox:test@sha256:aaaa", "sleep", "1000").spec(Map.of()));
    daemon.router().get("/services/nope").handler(ctx -> json(ctx, 404, "{\"message\":\"service nope not found\"}"));
    for (String ref : List.of("web", WEB)) {
      daemon.router().get("/services/" + ref).handler(ctx -> {
        updater.run();
        ObjectNode s = Json.MAPPER.createObjectNode().put("ID", WEB);
        s.putObject("Version").put("Index", 7);
        s.set("Spec", Json.MAPPER.valueToTree(stored.get()));
        if (previous.get() != null) {
          s.set("PreviousSpec", Json.MAPPER.valueToTree(previous.get()));
        }
        if (status.get() != null) {
          s.set("UpdateStatus", Json.MAPPER.valueToTree(status.get()));
        }
        json(ctx, Json.toString(s));
      });
    }
    daemon.router().post("/services/" + WEB + "/update").handler(BodyHandler.create(false)).handler(ctx -> {
      if ("previous".equals(ctx.queryParams().get("rollback"))) {
        ServiceSpec back = previous.get();
        previous.set(stored.get());
        stored.set(back);
        status.set(new UpdateStatus(State.ROLLBACK_STARTED, T1, null, "manually requested rollback"));
      } else {
        ServiceSpec spec = Json.read(ctx.body().asString(), ServiceSpec.class);
        posted.add(spec);
        previous.set(stored.get());
        stored.set(spec);
      }
      json(ctx, "{\"Warnings\":[\"w1\"]}");
    });
    daemon.router().get("/tasks").handler(ctx -> json(ctx, Json.toString(tasks.at(stored.get(),
        looks.incrementAndGet()))));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private static Task task(String id, long slot, ServiceSpec spec, TaskState state, TaskState desired) {
    return task(id, slot, spec, state, desired, null);
  }

  private static Task task(String id, long slot, ServiceSpec spec, TaskState state, TaskState desired, String err) {
    return new Task(id, null, T0, T0, WEB, "web", slot, NODE1, spec.taskTemplate(), spec.endpointSpec(), null,
        new TaskStatus(T0, state, state.wire(), err, null), desired, null);
  }

  /** The fake updater writes {@code state} once the tasks were listed {@code after} times. */
  private void statusAt(int after, State state, String message) {
    updater = then(updater, () -> {
      if (looks.get() >= after) {
        status.set(new UpdateStatus(state, T1, null, message));
      }
    });
  }

  @Test
  void waitsForTheNewSpecsTasksThenForTheUpdateToComplete() throws Exception {
    ServiceSpec old = stored.get();
    AtomicInteger convergedAt = new AtomicInteger();
    tasks = (spec, look) -> {
      List<Task> all = new ArrayList<>();
      boolean replaced = look >= 5;
      // Until the updater's pass (look 3) the old tasks are still meant to run, as right after the POST.
      TaskState oldDesired = look >= 3 ? TaskState.SHUTDOWN : TaskState.RUNNING;
      all.add(task("old1", 1, old, replaced ? TaskState.SHUTDOWN : TaskState.RUNNING, oldDesired));
      all.add(task("old2", 2, old, replaced ? TaskState.SHUTDOWN : TaskState.RUNNING, oldDesired));
      if (!spec.equals(old) && look >= 3) {
        all.add(task("new1", 1, spec, replaced ? TaskState.RUNNING : TaskState.PENDING,
            replaced ? TaskState.RUNNING : TaskState.READY));
        all.add(task("new2", 2, spec, replaced ? TaskState.RUNNING : TaskState.PENDING,
            replaced ? TaskState.RUNNING : TaskState.READY));
        convergedAt.compareAndSet(0, replaced ? look : 0);
      }
      return all;
    };
    statusAt(2, State.UPDATING, "update in progress");
    statusAt(6, State.COMPLETED, "update completed");

    Cli.Result r = daemon.swarm("service", "update", "--env-add", "X=1", "web");

    assertThat(r.err()).isEqualTo("warning: w1" + NL);
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("web" + NL).contains("overall progress: 0 out of 2 tasks", "1/2: pending")
        .endsWith("overall progress: 2 out of 2 tasks" + NL + "1/2: running   " + BAR + NL
            + "2/2: running   " + BAR + NL + "verify: Waiting 5 seconds to verify that tasks are stable..." + NL
            + "verify: Service web converged" + NL);
    assertThat(convergedAt.get()).as("converged only once the new tasks ran").isEqualTo(5);
    assertThat(looks.get()).as("done only once the update completed").isGreaterThanOrEqualTo(6);
    assertThat(daemon.requests()).contains("GET /services/web", "POST /services/" + WEB + "/update?version=7");
    assertThat(posted).singleElement().satisfies(s -> {
      assertThat(s.taskTemplate().containerSpec().env()).containsExactly("A=1", "X=1");
      assertThat(s.withTaskTemplate(old.taskTemplate())).isEqualTo(old);
    });
  }

  @Test
  void anUpdateTheManagersRolledBackExitsNonZeroWithWhy() throws Exception {
    // docker/cli#6752: docker's CLI exits 0 here.
    ServiceSpec old = stored.get();
    tasks = (spec, look) -> {
      List<Task> all = new ArrayList<>(List.of(task("old1", 1, old, TaskState.RUNNING, TaskState.RUNNING)));
      if (look >= 3) {
        all.add(task("new2", 2, posted.get(0), TaskState.FAILED, TaskState.SHUTDOWN, "task: non-zero exit (1)"));
      }
      all.add(task(look >= 5 ? "old2b" : "old2", 2, old, TaskState.RUNNING, TaskState.RUNNING));
      return all;
    };
    // Each step of the fake updater overrides the ones before it once its look has come.
    statusAt(2, State.UPDATING, "update in progress");
    statusAt(4, State.ROLLBACK_STARTED, "update rolled back due to failure or early termination of task new2");
    updater = then(updater, () -> {
      if (looks.get() >= 4) {
        stored.set(old);
      }
    });
    statusAt(7, State.ROLLBACK_COMPLETED, "rollback completed");

    Cli.Result r = daemon.swarm("service", "update", "--image", "busybox:bad@sha256:bbbb", "web");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("rollback: update rolled back due to failure or early termination of task new2",
        "overall progress: rolling back update: 2 out of 2 tasks").doesNotContain("converged");
    assertThat(r.err()).endsWith("error: update of web failed and was rolled back: update rolled back due to failure"
        + " or early termination of task new2 (last task failure: task web.2 failed: task: non-zero exit (1))" + NL);
  }

  @Test
  void aPausedUpdateExitsNonZeroWithTheManagersMessage() throws Exception {
    ServiceSpec old = stored.get();
    tasks = (spec, look) -> {
      List<Task> all = new ArrayList<>(List.of(task("t1", 1, old, TaskState.RUNNING, TaskState.RUNNING),
          task("t2", 2, old, TaskState.RUNNING, TaskState.RUNNING)));
      if (look >= 3) {
        all.add(task("t3", 1, spec, TaskState.RUNNING, TaskState.RUNNING));
        all.add(task("t4", 2, spec, TaskState.FAILED, TaskState.SHUTDOWN, "failed"));
      }
      return all;
    };
    statusAt(4, State.PAUSED, "update paused due to failure or early termination of task t4");

    Cli.Result r = daemon.swarm("service", "update", "--force", "web");

    assertThat(posted).singleElement().satisfies(
        s -> assertThat(s.taskTemplate().forceUpdate()).isEqualTo(old.taskTemplate().forceUpdate() + 1));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).endsWith("error: update of web paused: update paused due to failure or early termination of"
        + " task t4 (last task failure: task web.2 failed: failed)" + NL);
  }

  @Test
  void theStatusLeftByTheLastUpdateDoesNotEndThisOne() throws Exception {
    status.set(new UpdateStatus(State.COMPLETED, T0, T0, "update completed"));
    ServiceSpec old = stored.get();
    tasks = (spec, look) -> look < 4 ? List.of(task("t1", 1, old, TaskState.RUNNING, TaskState.RUNNING))
        : List.of(task("t2", 1, spec, TaskState.RUNNING, TaskState.RUNNING));
    stored.set(old.withReplicas(1));
    statusAt(6, State.COMPLETED, "update completed");

    Cli.Result r = daemon.swarm("service", "update", "--format", "json", "--env-add", "X=1", "web");

    assertThat(r.code()).isZero();
    assertThat(looks.get()).isGreaterThanOrEqualTo(6);
    assertThat(r.out()).as("only the final status, for scripts")
        .isEqualTo("{\"State\":\"completed\",\"StartedAt\":\"2026-01-01T00:00:08Z\",\"Message\":\"update completed\"}"
            + NL);
    assertThat(r.err()).contains("overall progress: 1 out of 1 tasks", "verify: Service web converged");
  }

  @Test
  void anUpdateThatChangesNothingStillPostsAndIsDoneAtOnce() throws Exception {
    ServiceSpec old = stored.get();
    tasks = (spec, look) -> List.of(task("t1", 1, spec, TaskState.RUNNING, TaskState.RUNNING),
        task("t2", 2, spec, TaskState.RUNNING, TaskState.RUNNING));

    Cli.Result r = daemon.swarm("service", "update", "-q", "web");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("web" + NL);
    assertThat(posted).containsExactly(old);
  }

  @Test
  void rollingUpdateSettingsAloneReplaceNoTaskAndPrintNullAsJson() throws Exception {
    tasks = (spec, look) -> List.of(task("t1", 1, stored.get(), TaskState.RUNNING, TaskState.RUNNING),
        task("t2", 2, stored.get(), TaskState.RUNNING, TaskState.RUNNING));

    Cli.Result r = daemon.swarm("service", "update", "--format", "json", "-q", "--update-parallelism", "2",
        "--update-delay", "10s", "--rollback-failure-action", "continue", "web");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("null" + NL);
    assertThat(posted).singleElement().satisfies(s -> {
      assertThat(s.updateConfig().parallelism()).isEqualTo(2);
      assertThat(s.updateConfig().delay()).isEqualTo(10_000_000_000L);
      assertThat(s.rollbackConfig().failureAction().wire()).isEqualTo("continue");
    });
  }

  @Test
  void rollbackPostsRollbackPreviousAndSucceedsWhenRolledBack() throws Exception {
    previous.set(stored.get().withTaskTemplate(stored.get().taskTemplate()
        .withContainerSpec(stored.get().taskTemplate().containerSpec().withImage("busybox:old@sha256:0000"))));
    tasks = (spec, look) -> List.of(task("t1", 1, spec, TaskState.RUNNING, TaskState.RUNNING),
        task("t2", 2, spec, look >= 4 ? TaskState.RUNNING : TaskState.STARTING, TaskState.RUNNING));
    statusAt(5, State.ROLLBACK_COMPLETED, "rollback completed");

    Cli.Result r = daemon.swarm("service", "rollback", "web");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(daemon.requests()).contains("POST /services/" + WEB + "/update?version=7&rollback=previous");
    assertThat(posted).as("the spec sent is ignored by the managers, and by this fake").isEmpty();
    assertThat(r.out()).startsWith("web" + NL).contains("rollback: manually requested rollback",
        "overall progress: rolling back update: 1 out of 2 tasks").endsWith("verify: Service web converged" + NL);
  }

  @Test
  void updateRollbackIsTheSameRequestAndJsonShowsItsStatus() throws Exception {
    previous.set(stored.get().withReplicas(1));
    tasks = (spec, look) -> List.of(task("t1", 1, spec, TaskState.RUNNING, TaskState.RUNNING));
    statusAt(3, State.ROLLBACK_COMPLETED, "rollback completed");

    Cli.Result r = daemon.swarm("service", "update", "--rollback", "--format", "json", "web");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(daemon.requests()).contains("POST /services/" + WEB + "/update?version=7&rollback=previous");
    assertThat(Json.read(r.out(), UpdateStatus.class).state()).isEqualTo(State.ROLLBACK_COMPLETED);
  }

  @Test
  void detachedRollbackReturnsAtOnceWithTheStartedStatus() throws Exception {
    previous.set(stored.get().withReplicas(1));

    Cli.Result r = daemon.swarm("service", "rollback", "-d", "--format", "json", "web");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("{\"State\":\"rollback_started\",\"StartedAt\":\"2026-01-01T00:00:08Z\","
        + "\"Message\":\"manually requested rollback\"}" + NL);
    assertThat(daemon.requests()).noneMatch(q -> q.startsWith("GET /tasks"));
  }

  @Test
  void rollbackTakesNoOtherFlags() throws Exception {
    Cli.Result r = daemon.swarm("service", "update", "--rollback", "-d", "--image", "x:1", "--env-add", "A=2", "web");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: --rollback cannot be combined with --image, --env-add: it puts the previous"
        + " spec back as it was (update the service afterwards to change it)" + NL);
    assertThat(daemon.requests()).isEmpty();
  }

  @Test
  void anUpdateGoingRoundACrashLoopFailsAtTheDeadline() throws Exception {
    // Without the managers acting on it (no failure action), a crash loop changes task states forever; it is no
    // progress, as no more tasks of the new spec run than before.
    ServiceSpec old = stored.get();
    tasks = (spec, look) -> {
      List<Task> all = new ArrayList<>(List.of(task("t1", 1, old, TaskState.SHUTDOWN, TaskState.SHUTDOWN)));
      for (int i = 0; i < look / 2; i++) {
        all.add(task("f" + i, 1, spec, TaskState.FAILED, TaskState.SHUTDOWN, "task: non-zero exit (1)"));
      }
      all.add(task("c" + look, 1, spec, look % 2 == 0 ? TaskState.PREPARING : TaskState.STARTING,
          TaskState.RUNNING));
      return all;
    };
    stored.set(old.withReplicas(1));
    daemon.start();
    // Each look reads the clock once; a clock that moves a second per read makes minutes pass in a few looks.
    Clock moving = new Clock() {
      private final AtomicInteger reads = new AtomicInteger();

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Cli.NOW.plusSeconds(reads.getAndIncrement());
      }
    };

    Cli.Result r = new Cli().clock(moving).run("-H", daemon.host(), "service", "update", "--progress-deadline",
        "2s", "--env-add", "X=1", "web");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("warning: w1" + NL + "error: update of web showed no progress for 7s"
        + " (--progress-deadline 2s plus the update's delay and monitor period): task web.1 is ")
        .endsWith(" (last task failure: task web.1 failed: task: non-zero exit (1)); it goes on in the background"
            + " ('swarm service ps web')" + NL);
  }

  @Test
  void detachPrintsTheNameWithoutWaiting() throws Exception {
    Cli.Result r = daemon.swarm("service", "update", "-d", "--replicas", "3", "web");

    assertThat(r.out()).isEqualTo("web" + NL);
    assertThat(posted).singleElement().satisfies(s -> assertThat(s.mode().replicated().replicas()).isEqualTo(3));
    assertThat(daemon.requests()).noneMatch(q -> q.startsWith("GET /tasks"));
  }

  @Test
  void anUnknownServiceIsOneClearErrorAndNothingIsPosted() throws Exception {
    Cli.Result r = daemon.swarm("service", "update", "--env-add", "X=1", "nope");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: service nope not found" + NL);
    assertThat(daemon.requests()).noneMatch(q -> q.startsWith("POST"));
  }

  @Test
  void aModeChangeIsRefusedAndNothingIsPosted() throws Exception {
    Cli.Result r = daemon.swarm("service", "update", "--mode", "global", "web");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: service mode cannot be changed: web is replicated (remove the service and"
        + " create it again with --mode global)" + NL);
    assertThat(posted).isEmpty();
  }

  @Test
  void badInputNeverReachesTheDaemon() throws Exception {
    Cli.Result rolling = daemon.swarm("service", "update", "--update-parallelism", "two", "--format", "yaml", "web");
    assertThat(rolling.code()).isEqualTo(1);
    assertThat(rolling.out()).isEmpty();
    assertThat(rolling.err()).isEqualTo("error: invalid value 'yaml' for --format: use table, json; invalid value"
        + " 'two' for --update-parallelism: must be a whole number 0 or greater" + NL);

    Cli.Result bad = daemon.swarm("service", "update", "--limit-memory", "12Q", "--publish-rm", "x", "web");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err().lines()).singleElement().asString().startsWith("error: invalid size '12Q' for --limit-memory")
        .contains("invalid value 'x' for --publish-rm");

    Cli.Result missing = daemon.swarm("service", "update", "--force");
    assertThat(missing.err()).isEqualTo("error: 'swarm service update' requires SERVICE (see 'swarm service update"
        + " --help')" + NL);

    Cli.Result deadline = daemon.swarm("service", "rollback", "--progress-deadline", "0s", "web");
    assertThat(deadline.err()).isEqualTo("error: invalid value '0s' for --progress-deadline: must be longer than 0s"
        + " (use --detach not to wait)" + NL);

    assertThat(daemon.requests()).isEmpty();
  }

  private static Runnable then(Runnable first, Runnable then) {
    return () -> {
      first.run();
      then.run();
    };
  }
}
