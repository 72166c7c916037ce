package swarm.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.net.dns.Views.dnsrr;
import static swarm.net.dns.Views.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP pipeline of a task's resolver, bytes in and bytes out, without sockets (Netty's EmbeddedChannel). */
class UdpPipelineTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.11", 53);
  private static final ServiceNames NAMES = ServiceNames.of(List.of(network("front",
      dnsrr("crowd", IntStream.rangeClosed(1, 40).mapToObj(i -> "10.0.1." + i).toArray(String[]::new)),
      dnsrr("pair", "10.0.1.200", "10.0.1.201"))));

  private final EmbeddedChannel channel = new EmbeddedChannel();

  UdpPipelineTest() {
    // No upstream: nothing is forwarded, so no forwarder is needed.
    DnsSettings settings = DnsSettings.defaults().withUpstreams(List.of());
    Pipelines.udp(channel, new QueryHandler("t1", () -> NAMES, new QueryAnswerer(settings, new Random(3)), null,
        Transport.UDP));
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void aMalformedDatagramGetsNoReplyAndTheNextQueryIsAnswered() {
    channel.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("not dns", StandardCharsets.US_ASCII), SERVER,
        CLIENT));
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isTrue();

    DatagramDnsResponse response = ask("pair");
    assertThat(response.code()).isEqualTo(DnsResponseCode.NOERROR);
    assertThat(response.count(DnsSection.ANSWER)).isEqualTo(2);
    assertThat(response.recipient()).isEqualTo(CLIENT);
    response.release();
  }

  @Test
  void anAnswerLargerThan512BytesIsCutAndMarkedTruncated() {
    DatagramPacket reply = exchange("crowd");
    assertThat(reply.content().readableBytes()).isLessThanOrEqualTo(512);
    DatagramDnsResponse response = decode(reply);
    assertThat(response.isTruncated()).isTrue();
    assertThat(response.count(DnsSection.ANSWER)).isBetween(1, 39);
    response.release();
  }

  @Test
  void unknownNamesWithoutUpstreamAreNxdomain() {
    DatagramDnsResponse response = ask("example.org");
    assertThat(response.code()).isEqualTo(DnsResponseCode.NXDOMAIN);
    assertThat(response.id()).isEqualTo(77);
    response.release();
  }

  private DatagramDnsResponse ask(String name) {
    return decode(exchange(name));
  }

  private DatagramPacket exchange(String name) {
    EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsQueryEncoder());
    DatagramDnsQuery query = new DatagramDnsQuery(CLIENT, SERVER, 77);
    query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A));
    encoder.writeOutbound(query);
    DatagramPacket packet = encoder.readOutbound();
    encoder.finishAndReleaseAll();
    // The encoder addressed it to SERVER from nowhere; as received, it comes from CLIENT.
    channel.writeInbound(new DatagramPacket(packet.content(), SERVER, CLIENT));
    DatagramPacket reply = channel.readOutbound();
    assertThat(reply).as("a reply to " + name).isNotNull();
    return reply;
  }

  private static DatagramDnsResponse decode(DatagramPacket reply) {
    EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
    ByteBuf bytes = reply.content();
    decoder.writeInbound(new DatagramPacket(bytes, CLIENT, reply.recipient()));
    DatagramDnsResponse response = decoder.readInbound();
    decoder.finishAndReleaseAll();
    return response;
  }
}
