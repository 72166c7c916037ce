package swarm.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import swarm.core.json.Json;

/**
 * What the testbed ITs do to a swarm through the CLI, as a user would: run a command that must succeed, form the
 * swarm (init, join with a token), import the busybox test image on every host, and read {@code --format json}
 * output. Stateless.
 */
final class SwarmCli {
  static final Duration WAIT = Duration.ofSeconds(90);

  private SwarmCli() {}

  /** {@code swarm ARGS} on {@code h}, which must exit 0 (the assertion shows its output otherwise). */
  static SwarmCommand.Result ok(Host h, String... args) throws Exception {
    SwarmCommand.Result r = h.cli(args);
    assertThat(r.code()).as("on %s: swarm %s\nstdout: %s\nstderr: %s", h, String.join(" ", args), r.out(), r.err())
        .isZero();
    return r;
  }

  /** The objects of {@code --format json} output, one a line. */
  static List<JsonNode> lines(String out) {
    return out.lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, JsonNode.class)).toList();
  }

  /** {@code swarm init} on {@code manager}, advertising its underlay address. */
  static void init(Host manager) throws Exception {
    ok(manager, "init", "--advertise-addr", manager.ip());
  }

  /** {@code host} joins {@code manager}'s swarm with the token of {@code role} (worker or manager). */
  static SwarmCommand.Result join(Host host, Host manager, String role) throws Exception {
    String token = ok(manager, "join-token", "-q", role).out().trim();
    return ok(host, "join", "--token", token, "--advertise-addr", host.ip(), manager.ip() + ":2377");
  }

  /** The busybox rootfs (examples/busybox-rootfs.sh) imported on every host of the testbed under each tag. */
  static void importBusybox(Testbed testbed, String... tags) throws Exception {
    Path rootfs = testbed.workDir().resolve("busybox.tar");
    if (!Files.exists(rootfs)) {
      assertThat(new ProcessBuilder("../examples/busybox-rootfs.sh", rootfs.toString()).inheritIO().start().waitFor())
          .isZero();
    }
    for (Host h : testbed.hosts()) {
      for (String tag : tags) {
        ok(h, "image", "import", rootfs.toString(), tag);
      }
    }
  }

  /** Waits until {@code manager} lists {@code count} READY nodes. */
  static void awaitReadyNodes(Host manager, int count) {
    await().atMost(WAIT).until(() -> lines(ok(manager, "node", "ls", "--format", "json").out()).stream()
        .filter(n -> n.path("Status").asText().equalsIgnoreCase("ready")).count() == count);
  }

  /** Running tasks of {@code service} per node hostname, as a manager reports them. */
  static Map<String, Long> runningByNode(Host manager, String service) throws Exception {
    return lines(ok(manager, "service", "ps", service, "--format", "json").out()).stream()
        .filter(t -> t.path("DesiredState").asText().equalsIgnoreCase("running"))
        .filter(t -> t.path("CurrentState").asText().startsWith("Running"))
        .collect(Collectors.groupingBy(t -> t.path("Node").asText(), Collectors.counting()));
  }

  static long running(Host manager, String service) throws Exception {
    return runningByNode(manager, service).values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code of} as {@code manager}'s {@code node ls} shows it. */
  static JsonNode node(Host manager, Host of) throws Exception {
    return lines(ok(manager, "node", "ls", "--format", "json").out()).stream()
        .filter(n -> n.path("Hostname").asText().equals(of.namespace())).findFirst().orElseThrow();
  }
}
