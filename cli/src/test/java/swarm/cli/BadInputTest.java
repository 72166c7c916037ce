package swarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gives exactly one {@code error: } line, exit 1, no stack trace, and never reaches the daemon: every
 * command points -H at a socket that does not exist, so a request would show up as "cannot connect".
 */
class BadInputTest {
  @TempDir
  Path dir;

  private Cli.Result run(String... args) {
    String[] withHost = new String[args.length + 2];
    withHost[0] = "-H";
    withHost[1] = "unix://" + dir.resolve("none.sock");
    System.arraycopy(args, 0, withHost, 2, args.length);
    return new Cli().run(withHost);
  }

  private static void assertOneError(Cli.Result r, String expected) {
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: " + expected + System.lineSeparator());
  }

  @Test
  void unknownFlagNamesTheFlagAndTheCommand() {
    assertOneError(run("service", "create", "--foo", "--name", "web", "busybox"),
        "unknown flag --foo for 'swarm service create' (see 'swarm service create --help')");
  }

  @Test
  void unknownFlagWithValueNamesOnlyTheFlag() {
    assertOneError(run("service", "ls", "--colour=red"),
        "unknown flag --colour for 'swarm service ls' (see 'swarm service ls --help')");
  }

  @Test
  void unknownSubcommandIsNamed() {
    assertOneError(run("service", "frobnicate"),
        "unknown command 'frobnicate' for 'swarm service' (see 'swarm service --help')");
  }

  @Test
  void missingImage() {
    assertOneError(run("service", "create", "--name", "web"),
        "'swarm service create' requires IMAGE (see 'swarm service create --help')");
  }

  @Test
  void missingName() {
    assertOneError(run("service", "create", "busybox"),
        "missing required flag --name for 'swarm service create' (see 'swarm service create --help')");
  }

  @Test
  void flagWithoutValue() {
    assertOneError(run("service", "create", "--name"),
        "flag --name needs a value (see 'swarm service create --help')");
  }

  @Test
  void negativeReplicas() {
    assertOneError(run("service", "create", "--name", "web", "--replicas", "-1", "busybox"),
        "invalid value '-1' for --replicas: must be a whole number 0 or greater");
  }

  @Test
  void replicasNotANumber() {
    assertOneError(run("service", "create", "--name", "web", "--replicas", "abc", "busybox"),
        "invalid value 'abc' for --replicas: must be a whole number 0 or greater");
  }

  @Test
  void badMemorySizeUsesTheSizeParserMessage() {
    assertOneError(run("service", "create", "--name", "web", "--limit-memory", "12Q", "busybox"),
        "invalid size '12Q' for --limit-memory: use a number of bytes with an optional unit b, k, m, g or t"
            + " (e.g. 64M)");
  }

  @Test
  void memoryBelowTheMinimumIsRefusedByTheSpec() {
    assertOneError(run("service", "create", "--name", "web", "--limit-memory", "1k", "busybox"),
        "invalid memory limit 1024 bytes (--limit-memory): must be at least 6MiB");
  }

  @Test
  void badDuration() {
    assertOneError(run("service", "create", "--name", "web", "--restart-delay", "5", "busybox"),
        "invalid duration '5' for --restart-delay: use a number with a unit ns, us, ms, s, m or h (e.g. 10s, 1m30s)");
  }

  @Test
  void badRestartCondition() {
    assertOneError(run("service", "create", "--name", "web", "--restart-condition", "sometimes", "busybox"),
        "invalid value 'sometimes' for --restart-condition: use any, on-failure, none");
  }

  @Test
  void badCpuLimit() {
    assertOneError(run("service", "create", "--name", "web", "--limit-cpu", "0", "busybox"),
        "invalid value '0' for --limit-cpu: must be a number of CPUs greater than 0 (e.g. 0.5)");
  }

  @Test
  void badServiceName() {
    assertOneError(run("service", "create", "--name", "web!", "busybox"),
        "invalid service name 'web!': use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
  }

  @Test
  void everyBadFlagIsReportedOnOneLine() {
    assertOneError(run("service", "create", "--name", "web", "--replicas", "x", "--limit-pids", "-3", "busybox"),
        "invalid value 'x' for --replicas: must be a whole number 0 or greater; "
            + "invalid value '-3' for --limit-pids: must be a whole number 0 or greater");
  }

  @Test
  void scaleNeedsANumber() {
    assertOneError(run("service", "scale", "web=abc"),
        "invalid replicas value abc for web: must be a number 0 or greater");
  }

  @Test
  void scaleNeedsServiceEqualsReplicas() {
    assertOneError(run("service", "scale", "web"), "invalid scale specifier 'web': use SERVICE=REPLICAS");
  }

  @Test
  void logsTailMustBeANumberOrAll() {
    assertOneError(run("service", "logs", "--tail", "lots", "web"),
        "invalid value 'lots' for --tail: use a number 0 or greater, or all");
  }

  @Test
  void unsupportedFormat() {
    assertOneError(run("service", "ls", "--format", "{{.Name}}"),
        "invalid value '{{.Name}}' for --format: use table or json (Go templates are not supported)");
  }

  @Test
  void badPsFilter() {
    assertOneError(run("service", "ps", "-f", "colour=red", "web"),
        "invalid filter 'colour' for --filter: use desired-state, id, name or node");
  }

  @Test
  void badListenAddress() {
    assertOneError(run("init", "--listen-addr", "0.0.0.0:99999"),
        "invalid value '0.0.0.0:99999' for --listen-addr: use ADDR[:PORT], e.g. 192.168.1.10:2377");
  }

  @Test
  void tcpHostsAreRefusedPlainly() {
    Cli.Result r = new Cli().run("-H", "tcp://10.0.0.1:2376", "service", "ls");
    assertOneError(r, "tcp:// hosts need mutual TLS: give --tlscacert, --tlscert, --tlskey (the swarm's ca.crt and a "
        + "manager's node.crt and node.key)");
  }

  @Test
  void missingSocketNamesThePath() {
    Path sock = dir.resolve("none.sock");
    assertOneError(run("service", "ls"), "cannot connect to the swarm daemon at unix://" + sock
        + ": no such socket (is 'swarm daemon' running?)");
  }

  @Test
  void swarmHostEnvironmentIsUsedWithoutFlag() {
    Path sock = dir.resolve("env.sock");
    Cli.Result r = new Cli().env("SWARM_HOST", "unix://" + sock).run("node", "ls");
    assertOneError(r, "cannot connect to the swarm daemon at unix://" + sock
        + ": no such socket (is 'swarm daemon' running?)");
  }

  @Test
  void socketWithoutListenerIsConnectionRefused() throws Exception {
    Path sock = dir.resolve("dead.sock");
    try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(sock));
    }
    Cli.Result r = new Cli().run("-H", "unix://" + sock, "service", "ls");
    assertOneError(r, "cannot connect to the swarm daemon at unix://" + sock
        + ": connection refused (is 'swarm daemon' running?)");
  }

  @Test
  void debugShowsTheStackTrace() {
    Cli.Result r = run("--debug", "service", "ls");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: cannot connect").contains("\tat ");
  }

  @Test
  void helpWorksOnEveryLevel() {
    for (String[] args : new String[][] {{"--help"}, {"service", "--help"}, {"service", "create", "--help"},
        {"service", "ps", "-h"}, {"image", "load", "--help"}, {"node", "ls", "--help"}, {"daemon", "--help"}}) {
      Cli.Result r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: swarm");
      assertThat(r.err()).isEmpty();
    }
    assertThat(run("service", "create", "--help").out()).contains("--limit-memory", "IMAGE [COMMAND] [ARG...]");
  }

  @Test
  void nodeUpdateChecksEveryFlagBeforeSending() {
    assertOneError(run("node", "update", "--availability", "off", "--role", "boss", "--label-add", "=x", "n1"),
        "invalid value 'off' for --availability: use active, pause, drain; invalid value 'boss' for --role: use"
            + " worker, manager; invalid value '=x' for --label-add: use KEY=VALUE");
    assertOneError(run("node", "update", "n1"),
        "nothing to update: use --availability, --label-add, --label-rm or --role");
  }

  @Test
  void nodeRmAndPromoteNeedANode() {
    assertOneError(run("node", "rm"), "'swarm node rm' requires NODE (see 'swarm node rm --help')");
    assertOneError(run("node", "promote"), "'swarm node promote' requires NODE (see 'swarm node promote --help')");
  }

  @Test
  void joinChecksTheTokenAndAddresses() {
    assertOneError(run("join", "10.0.0.1:2377"),
        "missing required flag --token for 'swarm join' (see 'swarm join --help')");
    assertOneError(run("join", "--token", "abc", "10.0.0.1:99999"),
        "invalid value for --token: a join token starts with SWMTKN-1- (run 'swarm join-token worker' on a"
            + " manager); invalid value '10.0.0.1:99999' for HOST:PORT: use ADDR[:PORT], e.g. 192.168.1.10:2377");
  }

  @Test
  void joinTokenNeedsAKnownRole() {
    assertOneError(run("join-token", "admin"), "unknown role admin: use worker or manager");
  }

  @Test
  void daemonLabelsNeedKeyEqualsValue() {
    assertOneError(run("daemon", "--label", "ssd"), "invalid value 'ssd' for --label: use KEY=VALUE");
  }

  @Test
  void swarmUpdateChecksDurationsAndLimits() {
    assertOneError(run("update", "--cert-expiry", "30m", "--task-history-limit", "-1"),
        "invalid value '-1' for --task-history-limit: must be a whole number 0 or greater; invalid value '30m' for"
            + " --cert-expiry: must be at least 1h0m0s");
  }
}
