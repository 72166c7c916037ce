package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.core.json.Json;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceSpec;

class ServiceCreateSpecTest {
  private static ServiceCreate parse(String... args) {
    return ServiceFlags.create(args);
  }

  @Test
  void flagsBecomeTheDockerServiceSpec() {
    ServiceSpec spec = parse("--name", "web", "--replicas", "3", "-e", "A=1", "--env", "B=two=2",
        "--limit-memory", "64M", "--limit-cpu", "0.5", "--limit-pids", "100",
        "--restart-condition", "on-failure", "--restart-delay", "2s", "--restart-max-attempts", "4",
        "--restart-window", "1m30s", "--stop-grace-period", "3s", "--stop-signal", "SIGINT",
        "-w", "/srv", "-u", "1000:1000", "--hostname", "box", "-l", "team=core", "--label", "tier",
        "busybox:1.36").spec(Map.of());

    assertThat(spec.name()).isEqualTo("web");
    assertThat(spec.mode().replicated().replicas()).isEqualTo(3);
    assertThat(spec.labels()).isEqualTo(Map.of("team", "core", "tier", ""));
    ContainerSpec c = spec.taskTemplate().containerSpec();
    assertThat(c.image()).isEqualTo("busybox:1.36");
    assertThat(c.env()).containsExactly("A=1", "B=two=2");
    assertThat(c.dir()).isEqualTo("/srv");
    assertThat(c.user()).isEqualTo("1000:1000");
    assertThat(c.hostname()).isEqualTo("box");
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(c.stopGracePeriod()).isEqualTo(3_000_000_000L);
    assertThat(spec.taskTemplate().resources().limits().memoryBytes()).isEqualTo(67108864L);
    assertThat(spec.taskTemplate().resources().limits().nanoCpus()).isEqualTo(500000000L);
    assertThat(spec.taskTemplate().resources().limits().pids()).isEqualTo(100L);
    RestartPolicy r = spec.taskTemplate().restartPolicy();
    assertThat(r.condition()).isEqualTo(RestartPolicy.Condition.ON_FAILURE);
    assertThat(r.delay()).isEqualTo(2_000_000_000L);
    assertThat(r.maxAttempts()).isEqualTo(4L);
    assertThat(r.window()).isEqualTo(90_000_000_000L);
  }

  @Test
  void wordsAfterTheImageAreArgsEvenWhenTheyLookLikeFlags() {
    ServiceCreate create = parse("--name", "x", "busybox", "sh", "-c", "echo hi", "-d", "--name", "y");
    ServiceSpec spec = create.spec(Map.of());
    assertThat(spec.name()).isEqualTo("x");
    assertThat(spec.taskTemplate().containerSpec().command()).isEmpty();
    assertThat(spec.taskTemplate().containerSpec().args()).containsExactly("sh", "-c", "echo hi", "-d", "--name", "y");
    assertThat(create.detach).isFalse();
  }

  @Test
  void defaultsAreDockers() {
    ServiceSpec spec = parse("--name", "web", "busybox").spec(Map.of());
    assertThat(spec.mode().replicated().replicas()).isEqualTo(1);
    assertThat(spec.taskTemplate().restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.ANY);
    assertThat(spec.taskTemplate().restartPolicy().delay()).isEqualTo(5_000_000_000L);
    assertThat(spec.taskTemplate().containerSpec().stopGracePeriod()).isEqualTo(10_000_000_000L);
    assertThat(spec.taskTemplate().resources().limits().memoryBytes()).isZero();
  }

  @Test
  void bareEnvNameTakesTheLocalValueLikeDocker() {
    ServiceSpec spec = parse("--name", "web", "-e", "TOKEN", "-e", "UNSET", "busybox").spec(Map.of("TOKEN", "s3"));
    assertThat(spec.taskTemplate().containerSpec().env()).containsExactly("TOKEN=s3", "UNSET");
  }

  @Test
  void detachAcceptsDockersExplicitFalse() {
    assertThat(parse("--name", "web", "--detach=false", "busybox").detach).isFalse();
    assertThat(parse("--name", "web", "-d", "busybox").detach).isTrue();
  }

  @Test
  void jsonUsesDockerFieldNames() {
    ServiceSpec spec = parse("--name", "web", "--limit-cpu", "1.5", "busybox", "top").spec(Map.of());
    String json = Json.toString(ServiceJson.of(spec));
    assertThat(Json.read(json, ServiceSpec.class)).isEqualTo(spec);
    assertThat(json).contains("\"Name\":\"web\"", "\"TaskTemplate\":", "\"ContainerSpec\":", "\"Image\":\"busybox\"",
        "\"Args\":[\"top\"]", "\"NanoCPUs\":1500000000", "\"Mode\":{\"Replicated\":{\"Replicas\":1}}");
  }

  @Test
  void restartConditionIsCaseInsensitive() {
    assertThat(parse("--name", "w", "--restart-condition", "NONE", "busybox").spec(Map.of())
        .taskTemplate().restartPolicy().condition()).isEqualTo(RestartPolicy.Condition.NONE);
    assertThat(List.of(RestartPolicy.Condition.values())).hasSize(3);
  }
}
