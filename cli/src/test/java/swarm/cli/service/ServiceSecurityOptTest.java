package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.cli.FakeCluster;
import swarm.cli.FakeDaemon;
import swarm.core.error.SwarmException;
import swarm.core.json.Json;
import swarm.core.spec.Privileges;
import swarm.core.spec.Privileges.Mode;
import swarm.core.spec.Privileges.Seccomp;
import swarm.core.spec.ServiceSpec;

/** {@code --security-opt seccomp=...} on service create and update: how it maps to the spec, what it refuses. */
class ServiceSecurityOptTest {
  private static final String PROFILE = "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"],"
      + " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}";
  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;

  private static Privileges privilegesOf(ServiceSpec s) {
    return s.taskTemplate().containerSpec().privileges();
  }

  private static ServiceSpec update(ServiceSpec current, String... flags) {
    ServiceUpdate u = new Cli().parse(ServiceFlags.line(List.of("service", "update"), flags, "web"));
    return u.change(Map.of()).applyTo(current);
  }

  @Test
  void unconfinedTurnsTheFilterOffAndDefaultIsNoSetting() {
    assertThat(privilegesOf(ServiceFlags.webSpec("--security-opt", "seccomp=unconfined")))
        .isEqualTo(new Privileges(Seccomp.of(Mode.UNCONFINED)));
    assertThat(privilegesOf(ServiceFlags.webSpec("--security-opt", "seccomp:unconfined")))
        .as("docker's older spelling").isEqualTo(new Privileges(Seccomp.of(Mode.UNCONFINED)));
    assertThat(privilegesOf(ServiceFlags.webSpec("--security-opt", "seccomp=default"))).isNull();
    assertThat(privilegesOf(ServiceFlags.webSpec())).isNull();
  }

  @Test
  void aFileIsReadByTheClientAndSentAsACustomProfile() throws Exception {
    Path file = Files.writeString(dir.resolve("profile.json"), PROFILE);
    assertThat(privilegesOf(ServiceFlags.webSpec("--security-opt", "seccomp=" + file)))
        .isEqualTo(new Privileges(Seccomp.custom(PROFILE)));
  }

  @Test
  void aMissingUnreadableOrNonProfileFileFailsBeforeAnythingIsSent() throws Exception {
    Path missing = dir.resolve("missing.json");
    Path notJson = Files.writeString(dir.resolve("profile.txt"), "defaultAction: SCMP_ACT_ERRNO");
    Path noAction = Files.writeString(dir.resolve("empty.json"), "{\"syscalls\": []}");

    Cli.Result r = ServiceFlags.runWeb(dir, "--security-opt", "seccomp=" + missing);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: invalid value 'seccomp=" + missing + "' for --security-opt: cannot read"
        + " seccomp profile " + missing + ": no such file (use seccomp=unconfined, seccomp=default or seccomp=FILE)"
        + NL);

    assertThat(ServiceFlags.runWeb(dir, "--security-opt", "seccomp=" + dir).err())
        .contains("cannot read seccomp profile " + dir + ": it is a directory");
    assertThat(ServiceFlags.runWeb(dir, "--security-opt", "seccomp=" + notJson).err())
        .startsWith("error: invalid value 'seccomp=" + notJson + "' for --security-opt: " + notJson
            + " is not a seccomp profile: not JSON (");
    assertThat(ServiceFlags.runWeb(dir, "--security-opt", "seccomp=" + noAction).err())
        .isEqualTo("error: invalid value 'seccomp=" + noAction + "' for --security-opt: " + noAction
            + " is not a seccomp profile: has no defaultAction (e.g. \"defaultAction\": \"SCMP_ACT_ERRNO\")" + NL);
  }

  @Test
  void otherSecurityOptionsAreRefusedAndEveryProblemIsReported() {
    assertThatThrownBy(() -> ServiceFlags.webSpec("--security-opt", "apparmor=unconfined", "--security-opt",
        "label=disable", "--security-opt", "no-new-privileges", "--security-opt", "seccomp=", "--security-opt", "bogus"))
        .isInstanceOf(SwarmException.class)
        .satisfies(e -> assertThat(((SwarmException) e).problems()).containsExactly(
            "invalid value 'apparmor=unconfined' for --security-opt: apparmor is not supported (swarm applies no"
                + " AppArmor profile); use seccomp=unconfined, seccomp=default or seccomp=FILE",
            "invalid value 'label=disable' for --security-opt: label is not supported (swarm applies no SELinux"
                + " label); use seccomp=unconfined, seccomp=default or seccomp=FILE",
            "invalid value 'no-new-privileges' for --security-opt: no-new-privileges is not supported (swarm does"
                + " not set no-new-privileges yet); use seccomp=unconfined, seccomp=default or seccomp=FILE",
            "invalid value 'seccomp=' for --security-opt: use seccomp=unconfined, seccomp=default or seccomp=FILE",
            "invalid value 'bogus' for --security-opt: unknown security option; use seccomp=unconfined,"
                + " seccomp=default or seccomp=FILE"));
    assertThatThrownBy(() -> ServiceFlags.webSpec("--security-opt", "seccomp=unconfined", "--security-opt",
        "seccomp=default")).hasMessageContaining("--security-opt seccomp is given more than once: give one");
  }

  @Test
  void updateChangesTheSettingAndKeepsItWhenNotGiven() throws Exception {
    ServiceSpec web = ServiceFlags.webSpec("--security-opt", "seccomp=unconfined");
    assertThat(update(web, "--env-add", "A=1", "--limit-pids", "50")).satisfies(s ->
        assertThat(privilegesOf(s)).as("other flags keep it").isEqualTo(new Privileges(Seccomp.of(Mode.UNCONFINED))));
    assertThat(privilegesOf(update(web, "--security-opt", "seccomp=default"))).isNull();
    Path file = Files.writeString(dir.resolve("p.json"), PROFILE);
    assertThat(privilegesOf(update(web, "--security-opt", "seccomp=" + file)))
        .isEqualTo(new Privileges(Seccomp.custom(PROFILE)));

    ServiceSpec plain = ServiceFlags.webSpec();
    assertThat(update(plain, "--security-opt", "seccomp=default")).as("asking for the default changes nothing")
        .isEqualTo(plain);
    assertThat(update(plain, "--security-opt", "seccomp=unconfined")).isNotEqualTo(plain);
  }

  @Test
  @Timeout(30)
  void createSendsTheProfileAsDockerDoesAndInspectShowsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("profile.json"), PROFILE);
    AtomicReference<JsonNode> body = new AtomicReference<>();
    try (FakeDaemon daemon = new FakeDaemon(dir)) {
      FakeCluster.common(daemon.router());
      daemon.router().post("/services/create").handler(BodyHandler.create(false)).handler(ctx -> {
        body.set(Json.read(ctx.body().asString(), JsonNode.class));
        FakeCluster.json(ctx, 201, "{\"ID\":\"" + FakeCluster.WEB + "\",\"Warnings\":[]}");
      });
      assertThat(daemon.swarm("service", "create", "-d", "--name", "web", "--security-opt", "seccomp=" + file,
          "busybox").code()).isZero();
      JsonNode seccomp = body.get().path("TaskTemplate").path("ContainerSpec").path("Privileges").path("Seccomp");
      assertThat(seccomp.path("Mode").asText()).isEqualTo("custom");
      assertThat(new String(Base64.getDecoder().decode(seccomp.path("Profile").asText()), StandardCharsets.UTF_8))
          .isEqualTo(PROFILE);

      String inspected = FakeCluster.service(FakeCluster.WEB, "web", 1, 5).replace("\"Args\":[\"sleep\",\"1000\"]",
          "\"Args\":[\"sleep\",\"1000\"],\"Privileges\":{\"Seccomp\":{\"Mode\":\"unconfined\"}}");
      daemon.router().get("/services/web").handler(ctx -> FakeCluster.json(ctx, inspected));
      JsonNode shown = Json.MAPPER.readTree(daemon.swarm("service", "inspect", "web").out());
      assertThat(shown.path(0).path("Spec").path("TaskTemplate").path("ContainerSpec").path("Privileges")
          .path("Seccomp").path("Mode").asText()).isEqualTo("unconfined");
      assertThat(daemon.swarm("service", "inspect", "--pretty", "web").out()).contains(" Seccomp:           unconfined");
    }
  }

  @Test
  void updateRefusesABadFileBeforeReadingTheService() {
    Cli.Result r = new Cli().run("-H", "unix://" + dir.resolve("none.sock"), "service", "update", "--security-opt",
        "seccomp=" + dir.resolve("nope.json"), "web");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: invalid value 'seccomp=" + dir.resolve("nope.json")
        + "' for --security-opt: cannot read seccomp profile");
  }
}
