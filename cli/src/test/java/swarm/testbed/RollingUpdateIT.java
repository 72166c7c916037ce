package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static swarm.testbed.SwarmCli.awaitReadyNodes;
import static swarm.testbed.SwarmCli.importBusybox;
import static swarm.testbed.SwarmCli.init;
import static swarm.testbed.SwarmCli.join;
import static swarm.testbed.SwarmCli.lines;
import static swarm.testbed.SwarmCli.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import swarm.cli.client.ApiClient;
import swarm.cli.client.DaemonAddress;
import swarm.cli.client.Query;
import swarm.core.json.Json;

/**
 * Rolling updates as a CI job relies on them, on three hosts (h1 the manager, h2 and h3 workers): the CI script
 * of docs/ci.md rolls a service onto a new image and exits 0 only once the update completed; an image that fails
 * with {@code --update-failure-action rollback} ends with the old spec on every slot, {@code rollback_completed}
 * and a non-zero exit (docker's CLI exits 0 there, docker/cli#6752); a start-first update behind the routing mesh
 * loses no request; {@code --update-parallelism 2 --update-delay 2s} replaces tasks two at a time, 2 s apart.
 *
 * <p>Needs the managers' rolling updater (UpdateStatus written through Raft): without it no update ever reads
 * {@code completed} and the updates here fail at their progress deadline (a minute without progress).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingUpdateIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> SLEEP = List.of("sleep", "3600");
  private static final List<String> EXIT_1 = List.of("sh", "-c", "echo starting; exit 1");
  private static final String SERVE = "exec httpd -f -p 80 -h /www";
  /** Every update here fails in a minute without progress, well inside the harness's 120 s per command. */
  private static final String DEADLINE = "60s";

  @RegisterExtension
  static Testbed testbed = Testbed.hosts(3);

  private Host h1;
  private Path v2;
  private Path bad;

  @BeforeAll
  void formSwarm() throws Exception {
    h1 = testbed.host(1);
    init(h1);
    importBusybox(testbed, "busybox:test");
    join(testbed.host(2), h1, "worker");
    join(testbed.host(3), h1, "worker");
    awaitReadyNodes(h1, 3);
    Path rootfs = testbed.workDir().resolve("busybox.tar");
    Path v1 = SavedImage.write(rootfs, "app:1", SLEEP, testbed.workDir().resolve("app-1.tar"));
    v2 = SavedImage.write(rootfs, "app:2", SLEEP, testbed.workDir().resolve("app-2.tar"));
    bad = SavedImage.write(rootfs, "app:bad", EXIT_1, testbed.workDir().resolve("app-bad.tar"));
    for (Host h : testbed.hosts()) {
      ok(h, "image", "load", "-i", v1.toString());
    }
    ok(h1, "service", "create", "--name", "web", "--replicas", "4", "--stop-grace-period", "1s",
        "--restart-delay", "1s", "app:1");
  }

  @Test
  @Order(1)
  void theCiScriptRollsTheServiceOntoTheNewImageAndExitsZero() throws Exception {
    SwarmCommand.Result r = deploy("web", "app:2", v2, "--progress-deadline", DEADLINE);

    assertThat(r.code()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("deploy: app:2 on unix://" + testbed.host(3).socket())
        .endsWith("deploy: web app:2 completed\n");
    assertThat(r.err()).contains("Waiting", "to verify that tasks are stable", "verify: Service web converged");
    assertThat(runningImagesBySlot("web")).isEqualTo(Map.of("web.1", "app:2", "web.2", "app:2", "web.3", "app:2",
        "web.4", "app:2"));
    assertThat(updateState("web")).isEqualTo("completed");
  }

  @Test
  @Order(2)
  void aFailingImageWithFailureActionRollbackEndsOnTheOldSpecAndExitsNonZero() throws Exception {
    for (Host h : testbed.hosts()) {
      ok(h, "image", "load", "-i", bad.toString());
    }

    SwarmCommand.Result r = h1.cli("service", "update", "--image", "app:bad", "--update-failure-action", "rollback",
        "--progress-deadline", DEADLINE, "web");

    assertThat(r.code()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isNotZero();
    assertThat(r.err()).contains("error: update of web failed and was rolled back");
    assertThat(r.out()).contains("rolling back update");
    assertThat(updateState("web")).isEqualTo("rollback_completed");
    await().atMost(WAIT).untilAsserted(() -> assertThat(runningImagesBySlot("web")).isEqualTo(Map.of(
        "web.1", "app:2", "web.2", "app:2", "web.3", "app:2", "web.4", "app:2")));
  }

  @Test
  @Order(3)
  void theCiScriptExitsNonZeroWhenTheUpdateIsRolledBack() throws Exception {
    SwarmCommand.Result r = deploy("web", "app:bad", bad, "--update-failure-action", "rollback",
        "--progress-deadline", DEADLINE);

    assertThat(r.code()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isNotZero();
    assertThat(r.out()).endsWith("deploy: web app:bad rollback_completed\n");
    assertThat(r.err()).contains("failed and was rolled back", "web.1");
    await().atMost(WAIT).untilAsserted(() -> assertThat(runningImagesBySlot("web").values())
        .containsOnly("app:2").hasSize(4));
  }

  @Test
  @Order(4)
  void aStartFirstUpdateBehindTheRoutingMeshServesEveryRequest() throws Exception {
    Host client = testbed.host(3);
    String url = "http://" + h1.ip() + ":8080/";
    ok(h1, "service", "create", "--name", "mesh", "--replicas", "2", "--publish", "8080:80", "--update-order",
        "start-first", "--stop-grace-period", "2s", "busybox:test", "sh", "-c", SERVE);
    await().atMost(WAIT).until(() -> fetch(client, url) != null);

    AtomicBoolean updating = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Thread loop = new Thread(() -> {
      while (updating.get()) {
        try {
          String answer = fetch(client, url);
          if ("hello".equals(answer)) {
            served.incrementAndGet();
          } else {
            failures.add(Instant.now() + ": " + answer);
          }
        } catch (Exception e) {
          failures.add(Instant.now() + ": " + e);
        }
      }
    }, "mesh-client");
    loop.start();
    try {
      ok(h1, "service", "update", "--env-add", "VERSION=2", "--progress-deadline", DEADLINE, "mesh");
      Thread.sleep(1000); // a few requests after the last old task stopped
    } finally {
      updating.set(false);
      loop.join(30_000);
    }

    assertThat(failures).as("requests that failed during the update").isEmpty();
    assertThat(served.get()).as("requests served during the update").isGreaterThan(10);
    assertThat(updateState("mesh")).isEqualTo("completed");
  }

  @Test
  @Order(5)
  void parallelismTwoWithADelayReplacesTasksTwoAtATimeTwoSecondsApart() throws Exception {
    ok(h1, "service", "create", "--name", "batch", "--replicas", "4", "--update-parallelism", "2", "--update-delay",
        "2s", "--stop-grace-period", "1s", "busybox:test", "sleep", "3600");

    SwarmCommand.Result r = ok(h1, "service", "update", "--env-add", "VERSION=2", "--progress-deadline", DEADLINE,
        "batch");

    assertThat(r.out()).contains("verify: Service batch converged");
    List<Instant> created = new ArrayList<>();
    try (ApiClient api = ApiClient.open(DaemonAddress.parse("unix://" + h1.socket()))) {
      for (JsonNode t : api.get(Query.path("/tasks").filters(Map.of("service", List.of("batch"))).toString())) {
        boolean updated = StreamSupport.stream(t.path("Spec").path("ContainerSpec").path("Env").spliterator(), false)
            .anyMatch(e -> e.asText().equals("VERSION=2"));
        if (updated) {
          created.add(Instant.parse(t.path("CreatedAt").asText()));
        }
      }
    }
    created.sort(null);
    assertThat(created).as("one new task per slot").hasSize(4);
    Duration delay = Duration.ofSeconds(2);
    assertThat(Duration.between(created.get(0), created.get(1))).as("two at once, not one after the other: %s",
        created).isLessThan(delay);
    assertThat(Duration.between(created.get(0), created.get(2))).as("the next slot after the delay: %s", created)
        .isGreaterThanOrEqualTo(delay);
    assertThat(Duration.between(created.get(1), created.get(3))).as("the next slot after the delay: %s", created)
        .isGreaterThanOrEqualTo(delay);
  }

  // ---- helpers ----

  /**
   * docs/ci/deploy.sh as a CI job runs it, with every host's daemon in SWARM_NODES and the CLI of this build as
   * SWARM (a wrapper running swarm.cli.Main on the test classpath, as {@link SwarmCommand} does).
   */
  private SwarmCommand.Result deploy(String service, String image, Path archive, String... flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("env", "SWARM=" + swarmWrapper(), "SWARM_NODES=" + testbed.hosts()
        .stream().map(h -> "unix://" + h.socket()).collect(Collectors.joining(" ")), "bash", "../docs/ci/deploy.sh",
        service, image, archive.toString()));
    cmd.addAll(List.of(flags));
    return SwarmCommand.run(cmd, testbed.workDir(), 180, "deploy.sh " + service + " " + image);
  }

  private Path swarmWrapper() throws Exception {
    Path wrapper = testbed.workDir().resolve("swarm");
    if (!Files.exists(wrapper)) {
      String java = SwarmCommand.javaCommand().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
      Files.writeString(wrapper, "#!/bin/sh\nexec " + java + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return wrapper;
  }

  /**
   * Task name (web.1) → image (without digest) of each task meant to run and running, as service ps shows them
   * (two tasks of one slot: both images, "app:1 and app:2").
   */
  private Map<String, String> runningImagesBySlot(String service) throws Exception {
    return lines(ok(h1, "service", "ps", service, "--format", "json").out()).stream()
        .filter(t -> t.path("DesiredState").asText().equalsIgnoreCase("running"))
        .filter(t -> t.path("CurrentState").asText().startsWith("Running"))
        .collect(Collectors.toMap(t -> t.path("Name").asText(), t -> t.path("Image").asText(),
            (a, b) -> a + " and " + b));
  }

  private String updateState(String service) throws Exception {
    JsonNode s = Json.read(ok(h1, "service", "inspect", service).out(), JsonNode.class);
    return (s.isArray() ? s.get(0) : s).path("UpdateStatus").path("State").asText("none");
  }

  /** The page at {@code url} fetched from {@code h}'s host namespace; null if nothing came back. */
  private static String fetch(Host h, String url) throws Exception {
    var r = h.exec("timeout", "5", "busybox", "wget", "-q", "-O", "-", url);
    return r.ok() ? r.out().strip() : null;
  }
}
