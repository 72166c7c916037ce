package swarm.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static swarm.net.dns.Views.dnsrr;
import static swarm.net.dns.Views.network;
import static swarm.net.dns.Views.vip;

import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.net.sys.HostCommand;

/**
 * The embedded DNS server in a real network namespace: a task's resolver on 127.0.0.11:53 inside it, asked from
 * inside it (busybox nslookup, as a container would, and a Netty-codec client), other names relayed to a fake
 * upstream on the host's loopback. Needs root and iproute2; makes and deletes its own namespace.
 */
class DnsServerIT {
  private static final InetSocketAddress RESOLVER = new InetSocketAddress("127.0.0.11", 53);
  private static final NetworkView FRONT = network("front",
      vip("web", "10.0.1.2/24", List.of("www"), "10.0.1.5/24", "10.0.1.6/24"),
      dnsrr("crowd", IntStream.rangeClosed(1, 40).mapToObj(i -> "10.0.1." + (100 + i) + "/24")
          .toArray(String[]::new)));
  private static final NetworkView BACK = network("back", vip("db", "10.0.2.2/24", List.of(), "10.0.2.5/24"));

  private String ns;
  private Path netns;
  private FakeUpstream upstream;
  private DnsServer server;

  @BeforeEach
  void namespaceServerAndUpstream() throws IOException {
    assumeTrue(!Boolean.getBoolean("swarm.it.skip"), "swarm.it.skip is set");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces)");
    assumeTrue(HostCommand.onPath("ip"), "needs ip (iproute2)");
    ns = "swdns-" + UUID.randomUUID().toString().substring(0, 8);
    HostCommand.of("ip", "netns", "add", ns).run().orThrow();
    netns = Path.of("/run/netns", ns);
    HostCommand.of("ip", "-n", ns, "link", "set", "lo", "up").run().orThrow();
    upstream = new FakeUpstream();
    // The first upstream has nothing listening (its port is refused at once): the second must be tried.
    server = new DnsServer(DnsSettings.defaults().withUpstreams(List.of(deadUdpPort(), upstream.address())));
  }

  @AfterEach
  void cleanUp() {
    try {
      if (server != null) {
        server.close();
      }
      if (upstream != null) {
        upstream.close();
      }
    } finally {
      if (ns != null) {
        HostCommand.of("ip", "netns", "del", ns).run();
      }
    }
  }

  @Test
  void aTaskResolvesServiceNamesAndOutsideNamesFromItsOwnNamespace() throws IOException {
    server.attach("t1", netns, List.of(FRONT));

    // What a container runs: its resolv.conf says nameserver 127.0.0.11.
    HostCommand.Result nslookup = HostCommand.of("ip", "netns", "exec", ns, "/bin/busybox", "nslookup", "web",
        "127.0.0.11").run();
    assertThat(nslookup.stdout()).as(nslookup.toString()).contains("10.0.1.2");

    DnsClient.Answer vipAnswer = DnsClient.udp(netns, RESOLVER, "web", DnsRecordType.A);
    assertThat(vipAnswer.code()).isEqualTo(DnsResponseCode.NOERROR);
    assertThat(vipAnswer.addresses()).containsExactly("10.0.1.2");
    assertThat(vipAnswer.ttls()).containsExactly(600L);
    assertThat(DnsClient.udp(netns, RESOLVER, "tasks.web", DnsRecordType.A).addresses())
        .containsExactlyInAnyOrder("10.0.1.5", "10.0.1.6");
    assertThat(DnsClient.udp(netns, RESOLVER, "WWW.", DnsRecordType.A).addresses()).containsExactly("10.0.1.2");
    DnsClient.Answer aaaa = DnsClient.udp(netns, RESOLVER, "web", DnsRecordType.AAAA);
    assertThat(aaaa.code()).isEqualTo(DnsResponseCode.NOERROR);
    assertThat(aaaa.addresses()).isEmpty();

    DnsClient.Answer outside = DnsClient.udp(netns, RESOLVER, "outside.example", DnsRecordType.A);
    assertThat(outside.code()).isEqualTo(DnsResponseCode.NOERROR);
    assertThat(outside.addresses()).containsExactly(FakeUpstream.OUTSIDE_ADDRESS);
    assertThat(outside.ttls()).as("relayed as the upstream said it").containsExactly((long) FakeUpstream.OUTSIDE_TTL);
    assertThat(DnsClient.udp(netns, RESOLVER, "nowhere.example", DnsRecordType.A).code())
        .isEqualTo(DnsResponseCode.NXDOMAIN);
    // A network the task is not on is not visible, so its service's name goes upstream, which does not know it.
    assertThat(DnsClient.udp(netns, RESOLVER, "db", DnsRecordType.A).code()).isEqualTo(DnsResponseCode.NXDOMAIN);
  }

  @Test
  void answersTooBigForUdpAreTruncatedAndCompleteOverTcp() throws IOException {
    server.attach("t1", netns, List.of(FRONT));

    DnsClient.Answer overUdp = DnsClient.udp(netns, RESOLVER, "crowd", DnsRecordType.A);
    assertThat(overUdp.truncated()).isTrue();
    assertThat(overUdp.bytes()).isLessThanOrEqualTo(512);
    assertThat(overUdp.addresses()).isNotEmpty().hasSizeLessThan(40);
    DnsClient.Answer overTcp = DnsClient.tcp(netns, RESOLVER, "crowd", DnsRecordType.A);
    assertThat(overTcp.truncated()).isFalse();
    assertThat(overTcp.addresses()).hasSize(40);

    // Forwarded the same way: UDP gets the upstream's truncated reply, TCP goes upstream over TCP.
    assertThat(DnsClient.udp(netns, RESOLVER, "big.example", DnsRecordType.A).truncated()).isTrue();
    assertThat(DnsClient.tcp(netns, RESOLVER, "big.example", DnsRecordType.A).addresses())
        .hasSize(FakeUpstream.BIG);
  }

  @Test
  void eachTaskIsAnsweredFromItsOwnNetworksInItsOwnNamespace() throws IOException {
    String other = ns + "-b";
    HostCommand.of("ip", "netns", "add", other).run().orThrow();
    try {
      Path otherNetns = Path.of("/run/netns", other);
      HostCommand.of("ip", "-n", other, "link", "set", "lo", "up").run().orThrow();
      server.attach("t1", netns, List.of(FRONT));
      server.attach("t2", otherNetns, List.of(BACK));

      assertThat(DnsClient.udp(otherNetns, RESOLVER, "db", DnsRecordType.A).addresses()).containsExactly("10.0.2.2");
      assertThat(DnsClient.udp(otherNetns, RESOLVER, "web", DnsRecordType.A).code())
          .isEqualTo(DnsResponseCode.NXDOMAIN);
      assertThat(DnsClient.udp(netns, RESOLVER, "web", DnsRecordType.A).addresses()).containsExactly("10.0.1.2");
      assertThat(DnsClient.udp(netns, RESOLVER, "db", DnsRecordType.A).code()).isEqualTo(DnsResponseCode.NXDOMAIN);

      server.detach("t2");
      assertThat(DnsClient.udp(netns, RESOLVER, "web", DnsRecordType.A).addresses())
          .as("the other task's resolver is untouched").containsExactly("10.0.1.2");
    } finally {
      HostCommand.of("ip", "netns", "del", other).run();
    }
  }

  @Test
  void updatedViewsChangeTheNextAnswer() throws IOException {
    server.attach("t1", netns, List.of(FRONT));
    NetworkView oneTaskLeft = network("front", vip("web", "10.0.1.2/24", List.of("www"), "10.0.1.6/24"));

    assertThat(server.update("t1", List.of(oneTaskLeft, BACK))).isTrue();

    assertThat(DnsClient.udp(netns, RESOLVER, "tasks.web", DnsRecordType.A).addresses())
        .containsExactly("10.0.1.6");
    assertThat(DnsClient.udp(netns, RESOLVER, "db", DnsRecordType.A).addresses()).containsExactly("10.0.2.2");
  }

  @Test
  void afterDetachNothingListensInTheNamespace() throws IOException {
    server.attach("t1", netns, List.of(FRONT));
    assertThat(DnsClient.udp(netns, RESOLVER, "web", DnsRecordType.A).addresses()).containsExactly("10.0.1.2");
    SocketChannel openConnection = NamespaceSockets.inside(netns, "tcp client", () -> {
      SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET);
      c.connect(RESOLVER);
      return c;
    });

    server.detach("t1");

    assertThat(server.attached()).isEmpty();
    try (openConnection) {
      openConnection.socket().setSoTimeout(5_000);
      int read;
      try {
        read = openConnection.socket().getInputStream().read();
      } catch (java.net.SocketException e) {
        read = -1; // closed with a reset (the server's side went while the kernel still held data): closed all the same
      }
      assertThat(read).as("the open connection is closed too").isEqualTo(-1);
    }
    assertThatThrownBy(() -> DnsClient.tcp(netns, RESOLVER, "web", DnsRecordType.A))
        .hasMessageContaining("Connection refused");
    // The UDP address is free again: binding it succeeds only when no socket holds it.
    DatagramChannel again = NamespaceSockets.udp(netns, RESOLVER);
    again.close();
    // And attaching again works (a restarted task keeps its namespace).
    server.attach("t1", netns, List.of(FRONT));
    assertThat(DnsClient.udp(netns, RESOLVER, "web", DnsRecordType.A).addresses()).containsExactly("10.0.1.2");
  }

  @Test
  void attachingWhereThereIsNoNamespaceSaysWhichFileAndWhy() throws IOException {
    Path missing = Path.of("/run/netns", ns + "-missing");
    assertThatThrownBy(() -> server.attach("t9", missing, List.of(FRONT)))
        .hasMessageContaining(missing.toString()).hasMessageContaining("cannot open network namespace");
    Path plainFile = java.nio.file.Files.createTempFile("not-a-netns", "");
    try {
      assertThatThrownBy(() -> server.attach("t9", plainFile, List.of(FRONT)))
          .hasMessageContaining("not a network namespace file");
    } finally {
      java.nio.file.Files.delete(plainFile);
    }
    assertThat(server.attached()).isEmpty();
  }

  /** A loopback port with nothing behind it (a UDP socket bound and closed): it refuses, via ICMP or RST. */
  private static InetSocketAddress deadUdpPort() throws IOException {
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
      return new InetSocketAddress("127.0.0.1", port);
    }
  }
}
