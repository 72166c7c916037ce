package swarm.net.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import swarm.net.sys.HostCommand;

class MembershipAllowListTest {
  private static final int PORT = 7946;

  @Test
  void onlyAdmittedAddressesReachThePortAndRemoveLeavesNoTable() throws Exception {
    assumeRootWithNftAndPython();
    try (TwoHosts net = new TwoHosts()) {
      net.listen(PORT);
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> net.connect(net.peer, TwoHosts.PEER_IP, PORT), "connected"::equals);
      assertThat(net.connect(net.peer, TwoHosts.OTHER_PEER_IP, PORT)).as("before the list").isEqualTo("connected");
      MembershipAllowList allowList = new MembershipAllowList("swarm_test", PORT, Nft.inNamespace(net.host));

      assertThat(allowList.apply(Set.of(TwoHosts.PEER_IP))).isTrue();

      assertThat(net.connect(net.peer, TwoHosts.PEER_IP, PORT)).isEqualTo("connected");
      assertThat(net.connect(net.peer, TwoHosts.OTHER_PEER_IP, PORT)).isEqualTo("timed out");
      assertThat(net.connect(net.host, TwoHosts.HOST_IP, PORT)).as("from the host itself").isEqualTo("connected");

      // A new list replaces the old one: the first address is out now.
      allowList.apply(Set.of(TwoHosts.OTHER_PEER_IP));

      assertThat(net.connect(net.peer, TwoHosts.OTHER_PEER_IP, PORT)).isEqualTo("connected");
      assertThat(net.connect(net.peer, TwoHosts.PEER_IP, PORT)).isEqualTo("timed out");

      allowList.remove();

      assertThat(Nft.inNamespace(net.host).listTables()).noneMatch(t -> t.contains("swarm_test"));
      assertThat(net.connect(net.peer, TwoHosts.PEER_IP, PORT)).isEqualTo("connected");
      allowList.remove(); // idempotent
    }
  }

  @Test
  void anEmptyListLeavesOnlyLoopback() throws Exception {
    assumeRootWithNftAndPython();
    try (TwoHosts net = new TwoHosts()) {
      net.listen(PORT);
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> net.connect(net.host, TwoHosts.HOST_IP, PORT), "connected"::equals);

      new MembershipAllowList("swarm_test", PORT, Nft.inNamespace(net.host)).apply(Set.of());

      assertThat(net.connect(net.peer, TwoHosts.PEER_IP, PORT)).isEqualTo("timed out");
      assertThat(net.connect(net.host, TwoHosts.HOST_IP, PORT)).isEqualTo("connected");
    }
  }

  @Test
  void withoutNftTheListIsNotInForceAndSaysSo() {
    MembershipAllowList allowList = new MembershipAllowList("swarm_test", PORT, new Nft(Optional.empty()));

    assertThat(allowList.apply(Set.of("10.0.0.1"))).isFalse();
    allowList.remove(); // nothing to remove, no error
  }

  @Test
  void theScriptRebuildsTheWholeTableAndLeavesOutWhatIsNotAnIpv4Address() {
    MembershipAllowList allowList = new MembershipAllowList("swarm_abc", 7946, new Nft(Optional.empty()));

    String script = allowList.script(Set.of("10.0.0.2", "10.0.0.1", "10.0.0.1; flush ruleset", "fe80::1"));

    assertThat(script).startsWith("table inet swarm_abc {}\ndelete table inet swarm_abc\n");
    assertThat(script).contains("elements = { 10.0.0.1, 10.0.0.2 };");
    assertThat(script).doesNotContain("flush ruleset", "fe80");
    assertThat(script).contains("tcp dport 7946 ip saddr @admitted accept", "tcp dport 7946 counter drop");
    assertThat(script).as("the overlay data port").contains("udp dport 4789 ip saddr @admitted accept",
        "udp dport 4789 counter drop");
  }

  @Test
  void tableNamesAreCheckedAndDerivedFromTheClusterId() {
    assertThat(MembershipAllowList.tableNameFor("3F7a-9c1d2e3f4a5b6c7d")).isEqualTo("swarm_3f7a9c1d2e3f");
    assertThatThrownBy(() -> new MembershipAllowList("bad name", PORT, Nft.host()))
        .hasMessageContaining("bad name");
  }

  private static void assumeRootWithNftAndPython() {
    assumeTrue(!Boolean.getBoolean("swarm.it.skip"), "swarm.it.skip is set");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces, nftables)");
    assumeTrue(HostCommand.onPath("nft") && HostCommand.onPath("ip"), "needs nft and ip");
    assumeTrue(TwoHosts.python3Present(), "needs /usr/bin/python3 for the TCP probes");
  }
}
