package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.WEB;
import static swarm.cli.FakeCluster.json;

import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Instant;
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
import swarm.core.spec.ServiceSpec;

/**
 * {@code swarm service update} against a fake daemon that keeps the posted spec: what is read and posted, what is
 * printed, how the wait tells the new spec's tasks from the old ones, and what never reaches the daemon.
 */
@Timeout(30)
class ServiceUpdateCommandTest {
  private static final String NL = System.lineSeparator();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:05Z");

  @TempDir
  Path dir;
  FakeDaemon daemon;
  /** The service's spec as the fake daemon has it: replaced by each POST. */
  final AtomicReference<ServiceSpec> stored = new AtomicReference<>();
  final List<ServiceSpec> posted = new CopyOnWriteArrayList<>();
  /** The tasks the fake daemon lists, given the spec it has and how many times the tasks were asked for. */
  volatile TaskSource tasks = (spec, look) -> List.of();

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
      daemon.router().get("/services/" + ref).handler(ctx -> json(ctx, "{\"ID\":\"" + WEB
          + "\",\"Version\":{\"Index\":7},\"Spec\":" + Json.toString(stored.get()) + "}"));
    }
    daemon.router().post("/services/" + WEB + "/update").handler(BodyHandler.create(false)).handler(ctx -> {
      ServiceSpec spec = Json.read(ctx.body().asString(), ServiceSpec.class);
      posted.add(spec);
      stored.set(spec);
      json(ctx, "{\"Warnings\":[\"w1\"]}");
    });
    AtomicInteger looks = new AtomicInteger();
    daemon.router().get("/tasks").handler(ctx -> json(ctx, Json.toString(tasks.at(stored.get(),
        looks.incrementAndGet()))));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  private static Task task(String id, long slot, ServiceSpec spec, TaskState state, TaskState desired) {
    return new Task(id, null, T0, T0, WEB, "web", slot, NODE1, spec.taskTemplate(), spec.endpointSpec(), null,
        TaskStatus.of(state, T0, state.wire()), desired, null);
  }

  @Test
  void waitsForTheNewSpecsTasksWhileTheOldOnesStillRun() throws Exception {
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

    Cli.Result r = daemon.swarm("service", "update", "--env-add", "X=1", "web");

    assertThat(r.err()).isEqualTo("warning: w1" + NL);
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("web" + NL).contains("overall progress: 0 out of 2 tasks", "1/2: pending")
        .endsWith("overall progress: 2 out of 2 tasks" + NL + "1/2: running   [" + "=".repeat(50) + ">]" + NL
            + "2/2: running   [" + "=".repeat(50) + ">]" + NL + "verify: Service web converged" + NL);
    assertThat(convergedAt.get()).as("converged only once the new tasks ran").isEqualTo(5);
    assertThat(daemon.requests()).contains("GET /services/web", "POST /services/" + WEB + "/update?version=7");
    assertThat(posted).singleElement().satisfies(s -> {
      assertThat(s.taskTemplate().containerSpec().env()).containsExactly("A=1", "X=1");
      assertThat(s.withTaskTemplate(old.taskTemplate())).isEqualTo(old);
    });
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
  void forceIsTheOnlyChangeAndTheOldTasksNoLongerCount() throws Exception {
    ServiceSpec old = stored.get();
    tasks = (spec, look) -> {
      List<Task> all = new ArrayList<>(List.of(task("t1", 1, old, TaskState.RUNNING, TaskState.RUNNING),
          task("t2", 2, old, TaskState.RUNNING, TaskState.RUNNING)));
      if (look >= 3) {
        all.add(task("t3", 1, spec, TaskState.RUNNING, TaskState.RUNNING));
        all.add(task("t4", 2, spec, TaskState.FAILED, TaskState.SHUTDOWN));
        all.add(task("t5", 2, spec, TaskState.FAILED, TaskState.SHUTDOWN));
      }
      return all;
    };

    Cli.Result r = daemon.swarm("service", "update", "--force", "web");

    assertThat(posted).singleElement().satisfies(
        s -> assertThat(s.taskTemplate().forceUpdate()).isEqualTo(old.taskTemplate().forceUpdate() + 1));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).endsWith("error: task web.2 failed: failed" + NL);
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
  void badInputAndRollingUpdateFlagsNeverReachTheDaemon() throws Exception {
    Cli.Result rolling = daemon.swarm("service", "update", "--update-parallelism", "2", "web");
    assertThat(rolling.code()).isEqualTo(1);
    assertThat(rolling.out()).isEmpty();
    assertThat(rolling.err()).isEqualTo("error: --update-parallelism is not implemented yet: every outdated task is"
        + " replaced at once (stop-first)" + NL);

    Cli.Result bad = daemon.swarm("service", "update", "--limit-memory", "12Q", "--publish-rm", "x", "web");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err().lines()).singleElement().asString().startsWith("error: invalid size '12Q' for --limit-memory")
        .contains("invalid value 'x' for --publish-rm");

    Cli.Result missing = daemon.swarm("service", "update", "--force");
    assertThat(missing.err()).isEqualTo("error: 'swarm service update' requires SERVICE (see 'swarm service update"
        + " --help')" + NL);

    assertThat(daemon.requests()).isEmpty();
  }

  @Test
  void createRefusesRollingUpdateFlagsToo() throws Exception {
    Cli.Result r = daemon.swarm("service", "create", "--name", "web", "--update-delay", "10s", "busybox");
    assertThat(r.err()).isEqualTo("error: --update-delay is not implemented yet: every outdated task is replaced at"
        + " once (stop-first)" + NL);
    assertThat(daemon.requests()).isEmpty();
  }
}
