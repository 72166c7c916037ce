package swarm.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import swarm.cli.Cli;
import swarm.core.spec.EndpointSpec;
import swarm.core.spec.Placement;
import swarm.core.spec.PortConfig;
import swarm.core.spec.ServiceSpec;

class ServiceCreatePlacementTest {
  @TempDir
  Path dir;

  private static ServiceSpec spec(String... flags) {
    return ServiceFlags.webSpec(flags);
  }

  private Cli.Result run(String... flags) {
    return ServiceFlags.runWeb(dir, flags);
  }

  @Test
  void placementAndReservationFlagsBecomeTheDockerSpec() {
    ServiceSpec s = spec("--constraint", "node.labels.zone==a", "--constraint", "node.role!=manager",
        "--placement-pref", "spread=node.labels.zone", "--placement-pref", "spread=node.labels.rack",
        "--replicas-max-per-node", "2", "--reserve-memory", "512M", "--reserve-cpu", "0.25",
        "--limit-memory", "1G");

    Placement p = s.taskTemplate().placement();
    assertThat(p.constraints()).containsExactly("node.labels.zone==a", "node.role!=manager");
    assertThat(p.preferences()).containsExactly(Placement.Preference.spread("node.labels.zone"),
        Placement.Preference.spread("node.labels.rack"));
    assertThat(p.maxReplicas()).isEqualTo(2L);
    assertThat(s.taskTemplate().resources().reservations().memoryBytes()).isEqualTo(512L << 20);
    assertThat(s.taskTemplate().resources().reservations().nanoCpus()).isEqualTo(250_000_000L);
    assertThat(s.taskTemplate().resources().limits().memoryBytes()).isEqualTo(1L << 30);
  }

  @Test
  void withoutTheFlagsThereAreNoPlacementRulesOrReservations() {
    ServiceSpec s = spec();
    assertThat(s.taskTemplate().placement()).isEqualTo(Placement.NONE);
    assertThat(s.taskTemplate().resources().reservations().memoryBytes()).isZero();
    assertThat(s.taskTemplate().resources().reservations().nanoCpus()).isZero();
  }

  @Test
  void aBadConstraintNamesTheFlagTheExpressionAndThePosition() {
    assertThatThrownBy(() -> spec("--constraint", "node.labels.zone=a"))
        .hasMessageStartingWith("invalid constraint 'node.labels.zone=a' (--constraint): at position 17: "
            + "expected == or != (use KEY==VALUE or KEY!=VALUE with KEY one of node.id, node.hostname, node.role, "
            + "node.platform.os, node.platform.arch, node.labels.<name>, engine.labels.<name>)");
  }

  @Test
  void everyBadPlacementValueIsReportedOnOneErrorLine() {
    Cli.Result r = run("--constraint", "zone==a", "--placement-pref", "pack=node.labels.zone",
        "--placement-pref", "spread=zone", "--replicas-max-per-node", "-1", "--reserve-memory", "lots",
        "--reserve-cpu", "x");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("error: ").endsWith(System.lineSeparator());
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains(
        "invalid size 'lots' for --reserve-memory",
        "invalid value 'x' for --reserve-cpu: must be a number of CPUs greater than 0",
        "invalid value '-1' for --replicas-max-per-node: must be a whole number 0 or greater",
        "invalid value 'pack=node.labels.zone' for --placement-pref: use spread=node.labels.<name>",
        "invalid placement preference 'zone' (--placement-pref)",
        "invalid constraint 'zone==a' (--constraint): at position 1: unknown key 'zone'");
    assertThat(r.err()).doesNotContain("Exception", "cannot connect");
  }

  @Test
  void constraintsAreCheckedWhereverTheSpecComesFrom() {
    ServiceSpec ok = spec("--constraint", "node.labels.zone==a");
    ServiceSpec bad = ok.withTaskTemplate(ok.taskTemplate().withPlacement(
        new Placement(List.of("node.labels.zone=a"), null, null)));
    assertThat(bad.validate()).singleElement().asString().contains("(--constraint): at position 17");
  }

  @Test
  void hostModePublishFlagsBecomeTheEndpointSpec() {
    ServiceSpec s = spec("--publish", "mode=host,published=8080,target=80", "-p",
        "published=5353,target=53,protocol=udp,mode=host");

    assertThat(s.endpointSpec().ports()).containsExactly(
        PortConfig.host(8080, 80, PortConfig.Protocol.TCP), PortConfig.host(5353, 53, PortConfig.Protocol.UDP));
    assertThat(spec().endpointSpec()).isEqualTo(EndpointSpec.NONE);
  }

  @Test
  void aShortPublishIsAnIngressPortAndRefusedWithDnsrr() {
    assertThat(spec("--publish", "8080:80").endpointSpec().ports()).containsExactly(
        new PortConfig(null, PortConfig.Protocol.TCP, 80, 8080, PortConfig.PublishMode.INGRESS));
    assertThat(spec("-p", "80", "-p", "53/udp").endpointSpec().ports()).as("the swarm picks the published port")
        .containsExactly(new PortConfig(null, PortConfig.Protocol.TCP, 80, 0, PortConfig.PublishMode.INGRESS),
            new PortConfig(null, PortConfig.Protocol.UDP, 53, 0, PortConfig.PublishMode.INGRESS));

    Cli.Result r = run("--publish", "8080:80", "--endpoint-mode", "dnsrr");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains("port published with ingress mode can't be used with dnsrr mode");
  }

  @Test
  void everyBadPublishValueIsNamed() {
    Cli.Result r = run("--publish", "mode=host,published=x,target=80", "--publish", "published=1,port=2",
        "--publish", "mode=bridge,published=1,target=2", "--publish", "mode=host,published=1",
        "--publish", "mode=host,published=9,target=9,protocol=icmp");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains(
        "invalid port 'x' in --publish mode=host,published=x,target=80: use a number 1-65535",
        "invalid value 'published=1,port=2' for --publish: use published=P,target=T",
        "invalid mode 'bridge' in --publish mode=bridge,published=1,target=2: use host or ingress",
        "invalid value 'mode=host,published=1' for --publish: target=PORT is required",
        "invalid protocol 'icmp' in --publish mode=host,published=9,target=9,protocol=icmp: use tcp or udp");
    assertThat(r.err()).doesNotContain("Exception", "cannot connect");
  }

  @Test
  void hostPortsOutOfRangeOrTwiceAreRefused() {
    assertThatThrownBy(() -> spec("-p", "mode=host,published=70000,target=80", "-p", "mode=host,published=81,target=0",
        "-p", "mode=host,published=81,target=1"))
        .hasMessageContaining("invalid published port 70000 (--publish published=): must be 1-65535")
        .hasMessageContaining("invalid target port 0 (--publish target=): must be 1-65535")
        .hasMessageContaining("port 81/tcp is published more than once (--publish)");
  }
}
