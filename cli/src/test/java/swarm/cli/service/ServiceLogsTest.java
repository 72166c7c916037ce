package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static swarm.cli.FakeCluster.NODE1;
import static swarm.cli.FakeCluster.WEB;
import static swarm.cli.FakeCluster.json;
import static swarm.cli.FakeCluster.task;

import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.cli.FakeCluster;
import swarm.cli.FakeDaemon;
import swarm.core.error.SwarmException;

/** {@code swarm service logs}: flags as sent to the daemon, task arguments, and the broker's notices. */
@Timeout(30)
class ServiceLogsTest {
  private static final String NL = System.lineSeparator();
  private static final String TASK = "t1aaaaaaaaaaaaaaaaaaaaaaa";

  @TempDir
  Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() {
    daemon = new FakeDaemon(dir);
    FakeCluster.common(daemon.router());
    daemon.router().get("/services/web").handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 1, 5)));
    daemon.router().get("/services/" + WEB).handler(ctx -> json(ctx, FakeCluster.service(WEB, "web", 1, 5)));
    String t1 = task(TASK, 1, NODE1, "running", "running", "2026-01-01T00:00:07Z", null);
    daemon.router().get("/tasks").handler(ctx -> json(ctx, "[" + t1 + "]"));
    daemon.router().get("/tasks/t1aaa").handler(ctx -> json(ctx, t1));
    daemon.router().get("/services/:id").handler(ctx -> json(ctx, 404, "{\"message\":\"service not found\"}"));
    daemon.router().get("/tasks/:id").handler(ctx -> json(ctx, 404, "{\"message\":\"task not found\"}"));
    Buffer body = Buffer.buffer()
        .appendBuffer(FakeCluster.frame(1, "com.docker.swarm.node.id=" + NODE1 + ",com.docker.swarm.service.id=" + WEB
            + ",com.docker.swarm.task.id=" + TASK + " hello\n"))
        .appendBuffer(FakeCluster.frame(2, "logs of tasks on node n9 are unavailable: node is down\n"));
    daemon.router().get("/services/" + WEB + "/logs").handler(ctx -> ctx.response().end(body));
    daemon.router().get("/tasks/" + TASK + "/logs").handler(ctx -> ctx.response().end(body));
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }


  @Test
  void sinceIsSentAsUnixSecondsComputedFromTheClientsClock() throws Exception {
    Instant before = Instant.now().minusSeconds(600);
    Cli.Result r = daemon.swarm("service", "logs", "--since", "10m", "--tail", "3", "web");
    Instant after = Instant.now().minusSeconds(600);

    assertThat(r.code()).isZero();
    String logs = daemon.requests().stream().filter(q -> q.startsWith("GET /services/" + WEB + "/logs?")).findFirst()
        .orElseThrow();
    assertThat(logs).contains("tail=3", "details=1");
    BigDecimal since = new BigDecimal(logs.replaceAll(".*[?&]since=([0-9.]+).*", "$1"));
    assertThat(since.longValue()).isBetween(before.getEpochSecond(), after.getEpochSecond());
  }

  @Test
  void absoluteSinceIsSentUnchangedInMeaning() throws Exception {
    daemon.swarm("service", "logs", "--since", "2026-01-01T00:00:05Z", "web");
    assertThat(daemon.requests()).anyMatch(q -> q.contains("since=1767225605.000000000"));
    daemon.swarm("service", "logs", "web");
    assertThat(daemon.requests().get(daemon.requests().size() - 1)).doesNotContain("since=");
  }

  @Test
  void badSinceIsOneErrorNamingTheFlag() throws Exception {
    Cli.Result r = daemon.swarm("service", "logs", "--since", "yesterday", "web");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: invalid value 'yesterday' for --since: ").doesNotContain(NL + "\t")
        .endsWith(NL).hasLineCount(1);
    assertThat(daemon.requests()).noneMatch(q -> q.contains("/logs"));
  }

  @Test
  void taskIdPrefixShowsThatTasksLogs() throws Exception {
    Cli.Result r = daemon.swarm("service", "logs", "t1aaa");
    assertThat(r.code()).isZero();
    assertThat(daemon.requests()).anyMatch(q -> q.startsWith("GET /tasks/" + TASK + "/logs?"));
    assertThat(r.out()).isEqualTo("web.1.t1aaaaaaaaaa@host-1    | hello" + NL);
  }

  @Test
  void unknownServiceOrTaskIsOneError() throws Exception {
    Cli.Result r = daemon.swarm("service", "logs", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: no such service or task: nope" + NL);
  }

  @Test
  void brokerNoticeGoesToStderrUnderTheServiceName() throws Exception {
    Cli.Result r = daemon.swarm("service", "logs", "--no-task-ids", "web");
    assertThat(r.out()).isEqualTo("web.1@host-1    | hello" + NL);
    assertThat(r.err()).isEqualTo("web    | logs of tasks on node n9 are unavailable: node is down" + NL);
  }

  @Test
  void checkSinceAcceptsDockersFormsAndRejectsOthers() {
    Instant now = Instant.parse("2026-01-01T00:10:00Z");
    assertThat(ServiceLogs.checkSince(null, now)).isNull();
    assertThat(ServiceLogs.checkSince("1m", now)).isEqualTo("1767226140.000000000");
    assertThat(ServiceLogs.checkSince("1767226140", now)).isEqualTo("1767226140.000000000");
    assertThatThrownBy(() -> ServiceLogs.checkSince("-5", now)).isInstanceOf(SwarmException.class)
        .hasMessageContaining("--since");
  }
}
