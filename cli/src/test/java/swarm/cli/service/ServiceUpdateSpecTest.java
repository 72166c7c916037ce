package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import swarm.cli.Cli;
import swarm.core.error.SwarmException;
import swarm.core.spec.ContainerSpec;
import swarm.core.spec.HealthConfig;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.RestartPolicy;
import swarm.core.spec.ServiceSpec;
import swarm.core.spec.UpdateConfig;

/** How {@code service update}'s flags change an existing spec: add/rm by key, single values, what is refused. */
class ServiceUpdateSpecTest {
  /** A service as {@code service create} made it, with something in every list. */
  private static final ServiceSpec WEB = create("--name", "web", "--replicas", "2", "-e", "A=1", "-e", "B=2",
      "-l", "team=core", "-l", "tier=front", "--constraint", "node.role==worker", "--placement-pref",
      "spread=node.labels.zone", "-p", "mode=host,published=8080,target=80", "-p",
      "mode=host,published=5353,target=53,protocol=udp", "--limit-cpu", "0.5", "--limit-memory", "64M",
      "--restart-condition", "on-failure", "--restart-delay", "2s", "--health-cmd", "true", "--health-interval",
      "5s", "busybox:test@sha256:aaaa", "sleep", "1000");

  private static ServiceSpec create(String... args) {
    return ServiceFlags.spec(args);
  }

  private static ServiceUpdate parse(String... flags) {
    return new Cli().parse(ServiceFlags.line(List.of("service", "update"), flags, "web"));
  }

  private static ServiceSpec update(ServiceSpec current, String... flags) {
    return parse(flags).change(Map.of("LOCAL", "here")).applyTo(current);
  }

  private static ServiceSpec update(String... flags) {
    return update(WEB, flags);
  }

  private static ContainerSpec container(ServiceSpec s) {
    return s.taskTemplate().containerSpec();
  }

  @Test
  void noFlagsChangeNothing() {
    assertThat(update()).isEqualTo(WEB);
  }

  @Test
  void envAddReplacesAKeyInPlaceAppendsNewOnesAndRmRemovesByKeyFirst() {
    assertThat(container(update("--env-add", "B=3", "--env-add", "C=4", "--env-add", "LOCAL")).env())
        .containsExactly("A=1", "B=3", "C=4", "LOCAL=here");
    assertThat(container(update("--env-rm", "A", "--env-rm", "MISSING")).env()).containsExactly("B=2");
    assertThat(container(update("--env-rm", "A", "--env-add", "A=9")).env()).containsExactly("B=2", "A=9");
    assertThat(update("--env-add", "A=1")).as("adding what is there").isEqualTo(WEB);
  }

  @Test
  void labelsAreAddedReplacedAndRemovedByKey() {
    ServiceSpec s = update("--label-add", "team=infra", "--label-add", "new", "--label-rm", "tier");
    assertThat(s.labels()).isEqualTo(Map.of("team", "infra", "new", ""));
    assertThat(s.taskTemplate()).as("labels are the service's, not the tasks'").isEqualTo(WEB.taskTemplate());
  }

  @Test
  void constraintsAndPreferencesAreAddedOnceAndRemovedAsWritten() {
    Placement p = update("--constraint-add", "node.labels.ssd==true", "--constraint-add", "node.role==worker",
        "--constraint-rm", "node.role==worker", "--placement-pref-add", "spread=node.labels.rack",
        "--placement-pref-add", "spread=node.labels.zone", "--replicas-max-per-node", "3").taskTemplate().placement();
    assertThat(p.constraints()).containsExactly("node.labels.ssd==true", "node.role==worker");
    assertThat(p.spreadDescriptors()).containsExactly("node.labels.zone", "node.labels.rack");
    assertThat(p.maxReplicas()).isEqualTo(3);

    Placement removed = update("--constraint-rm", "node.role==worker", "--placement-pref-rm",
        "spread=node.labels.zone").taskTemplate().placement();
    assertThat(removed).isEqualTo(Placement.NONE);
  }

  @Test
  void publishAddAddsOrReplacesByPublishedPortAndPublishRmTakesThePublishedPort() {
    ServiceSpec s = update("--publish-add", "mode=host,published=9090,target=90", "--publish-add",
        "mode=host,published=8080,target=81");
    assertThat(s.endpointSpec().ports()).containsExactly(PortConfig.host(8080, 81, PortConfig.Protocol.TCP),
        PortConfig.host(5353, 53, PortConfig.Protocol.UDP), PortConfig.host(9090, 90, PortConfig.Protocol.TCP));

    assertThat(update("--publish-rm", "8080").endpointSpec().ports())
        .containsExactly(PortConfig.host(5353, 53, PortConfig.Protocol.UDP));
    assertThat(update("--publish-rm", "5353").endpointSpec().ports()).as("5353 is udp").isEqualTo(
        WEB.endpointSpec().ports());
    assertThat(update("--publish-rm", "5353/udp", "--publish-rm", "8080/tcp").endpointSpec().ports()).isEmpty();
  }

  @Test
  void forceBumpsForceUpdateEachTime() {
    ServiceSpec once = update("--force");
    assertThat(once.taskTemplate().forceUpdate()).isEqualTo(WEB.taskTemplate().forceUpdate() + 1);
    assertThat(update(once, "--force").taskTemplate().forceUpdate()).isEqualTo(WEB.taskTemplate().forceUpdate() + 2);
    assertThat(once.withTaskTemplate(WEB.taskTemplate())).as("nothing else changes").isEqualTo(WEB);
  }

  @Test
  void singleValueFlagsChangeOnlyTheirField() {
    ServiceSpec s = update("--limit-memory", "128M", "--reserve-cpu", "0.25", "--restart-max-attempts", "3",
        "--stop-grace-period", "2s", "--stop-signal", "SIGINT", "--replicas", "5", "-w", "/srv");
    assertThat(s.mode().replicated().replicas()).isEqualTo(5);
    assertThat(s.taskTemplate().resources().limits().memoryBytes()).isEqualTo(128L << 20);
    assertThat(s.taskTemplate().resources().limits().nanoCpus()).isEqualTo(500_000_000L);
    assertThat(s.taskTemplate().resources().reservations().nanoCpus()).isEqualTo(250_000_000L);
    RestartPolicy r = s.taskTemplate().restartPolicy();
    assertThat(r.condition()).isEqualTo(RestartPolicy.Condition.ON_FAILURE);
    assertThat(r.delay()).isEqualTo(2_000_000_000L);
    assertThat(r.maxAttempts()).isEqualTo(3);
    assertThat(container(s).stopGracePeriod()).isEqualTo(2_000_000_000L);
    assertThat(container(s).stopSignal()).isEqualTo("SIGINT");
    assertThat(container(s).dir()).isEqualTo("/srv");
    assertThat(container(s).env()).isEqualTo(container(WEB).env());
    assertThat(container(s).healthcheck()).isEqualTo(container(WEB).healthcheck());
  }

  @Test
  void healthFlagsChangeTheCurrentCheckAndNoHealthcheckTurnsItOff() {
    HealthConfig hc = container(update("--health-retries", "4")).healthcheck();
    assertThat(hc.test()).containsExactly("CMD-SHELL", "true");
    assertThat(hc.interval()).isEqualTo(5_000_000_000L);
    assertThat(hc.retries()).isEqualTo(4);

    ServiceSpec off = update("--no-healthcheck");
    assertThat(container(off).healthcheck()).isEqualTo(HealthConfig.none());
    HealthConfig again = container(update(off, "--health-cmd", "wget -q localhost")).healthcheck();
    assertThat(again).as("a check that was off starts afresh")
        .isEqualTo(new HealthConfig(List.of("CMD-SHELL", "wget -q localhost"), null, null, null, null));
  }

  @Test
  void imageAndArgsAreReplacedAndArgsAreSplitLikeAShell() {
    ServiceSpec s = update("--image", "busybox:1.36", "--args", "sh -c 'echo \"hi there\"; sleep 9' x\\ y");
    assertThat(container(s).image()).isEqualTo("busybox:1.36");
    assertThat(container(s).args()).containsExactly("sh", "-c", "echo \"hi there\"; sleep 9", "x y");
    assertThat(container(update("--args", "")).args()).isEmpty();
    assertThat(container(update("--env-add", "X=1")).image()).as("the pinned image stays")
        .isEqualTo("busybox:test@sha256:aaaa");
  }

  @Test
  void modeCannotChange() {
    assertThatThrownBy(() -> update("--mode", "global")).isInstanceOf(SwarmException.class).hasMessage(
        "service mode cannot be changed: web is replicated (remove the service and create it again with --mode"
            + " global)");
    assertThat(update("--mode", "replicated")).isEqualTo(WEB);
    ServiceSpec global = create("--name", "mon", "--mode", "global", "busybox");
    assertThatThrownBy(() -> update(global, "--replicas", "3"))
        .hasMessage("--replicas can only be used with replicated mode: mon is global (one task on every node)");
    assertThatThrownBy(() -> update(global, "--mode", "replicated"))
        .hasMessageStartingWith("service mode cannot be changed: mon is global");
  }

  @Test
  void badValuesGetCreatesMessagesNamingTheUpdateFlags() {
    assertThatThrownBy(() -> parse("--limit-memory", "12Q", "--replicas", "-1", "--restart-condition", "sometimes",
        "--env-add", "=x", "--label-rm", "", "--placement-pref-add", "pack=node.labels.zone", "--constraint-add",
        "zone==a", "--publish-add", "mode=host,published=x,target=80", "--publish-rm", "http",
        "--health-interval", "soon", "--args", "sh -c 'echo", "--image", " ").change(Map.of()))
        .isInstanceOf(SwarmException.class)
        .hasMessageContaining("invalid size '12Q' for --limit-memory")
        .hasMessageContaining("invalid value '-1' for --replicas: must be a whole number 0 or greater")
        .hasMessageContaining("invalid value 'sometimes' for --restart-condition: use any, on-failure, none")
        .hasMessageContaining("invalid value '=x' for --env-add: use KEY=VALUE")
        .hasMessageContaining("invalid value '' for --label-rm: use a KEY")
        .hasMessageContaining("invalid value 'pack=node.labels.zone' for --placement-pref-add")
        .hasMessageContaining("invalid constraint 'zone==a' (--constraint): at position 1: unknown key 'zone'")
        .hasMessageContaining("invalid port 'x' in --publish-add mode=host,published=x,target=80")
        .hasMessageContaining("invalid value 'http' for --publish-rm: use the published port, e.g. 8080 or 8080/udp")
        .hasMessageContaining("--health-interval")
        .hasMessageContaining("invalid value 'sh -c 'echo' for --args")
        .hasMessageContaining("invalid value ' ' for --image");
  }

  @Test
  void valuesInvalidOnTheirOwnAreRefusedBeforeTheServiceIsRead() {
    assertThatThrownBy(() -> parse("--limit-memory", "1k", "--publish-add", "mode=host,published=0,target=80")
        .change(Map.of()))
        .hasMessageContaining("invalid memory limit 1024 bytes (--limit-memory): must be at least 6MiB")
        .hasMessageContaining("a host-mode port needs published=PORT");
    assertThatThrownBy(() -> parse("--no-healthcheck", "--health-cmd", "true").change(Map.of()))
        .hasMessage("--no-healthcheck conflicts with --health-* options");
  }

  @Test
  void aPortAddedTwiceIsRefused() {
    assertThatThrownBy(() -> update("--publish-add", "mode=host,published=5353,target=54,protocol=udp",
        "--publish-add", "mode=host,published=5353,target=55,protocol=udp"))
        .hasMessageContaining("port 5353/udp is published more than once (--publish)");
  }

  @Test
  void rollingUpdateFlagsChangeOnlyTheirFieldsAndKeepTheRest() {
    ServiceSpec tuned = update("--update-parallelism", "2", "--update-delay", "10s", "--rollback-order",
        "start-first");
    ServiceSpec again = update(tuned, "--update-order", "start-first", "--rollback-monitor", "30s");

    assertThat(again.updateConfig()).isEqualTo(new UpdateConfig(2L, 10_000_000_000L, null, null, null,
        UpdateConfig.Order.START_FIRST));
    assertThat(again.rollbackConfig()).isEqualTo(new UpdateConfig(null, null, null, 30_000_000_000L, null,
        UpdateConfig.Order.START_FIRST));
    assertThat(again.withUpdateConfigs(WEB.updateConfig(), WEB.rollbackConfig())).isEqualTo(WEB);
    assertThat(update(tuned, "--env-add", "Z=1").updateConfig()).as("other flags keep the configs")
        .isEqualTo(tuned.updateConfig());
  }
}
