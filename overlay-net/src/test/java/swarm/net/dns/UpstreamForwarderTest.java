package swarm.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay to the host's resolvers, against a fake upstream and a silent one on loopback: the next upstream is
 * tried when one does not answer in time, the reply comes back byte for byte, and the wait is bounded.
 */
class UpstreamForwarderTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 1);

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final FakeUpstream upstream = new FakeUpstream();
  private final DatagramChannel silent = openSilent();

  @AfterEach
  void close() throws IOException {
    upstream.close();
    silent.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void anUpstreamThatDoesNotAnswerInTimeIsSkippedForTheNext() throws Exception {
    UpstreamForwarder forwarder = forwarder(List.of(silentAddress(), upstream.address()), 1024);

    ByteBuf reply = forwarder.forward(query(9, "outside.example"), Transport.UDP).get(30, TimeUnit.SECONDS);

    DatagramDnsResponse response = decode(reply);
    assertThat(response.id()).as("the query's own id, untouched").isEqualTo(9);
    assertThat(response.count(DnsSection.ANSWER)).isEqualTo(1);
    assertThat(response.recordAt(DnsSection.ANSWER).timeToLive()).isEqualTo(FakeUpstream.OUTSIDE_TTL);
    response.release();
  }

  @Test
  void whenNoUpstreamAnswersTheForwardFailsNamingEach() {
    UpstreamForwarder forwarder = forwarder(List.of(silentAddress()), 1024);

    CompletableFuture<ByteBuf> reply = forwarder.forward(query(9, "outside.example"), Transport.UDP);

    assertThatThrownBy(() -> reply.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(UpstreamForwarder.NoAnswer.class)
        .hasMessageContaining(silentAddress().toString()).hasMessageContaining("no reply within");
  }

  @Test
  void queriesBeyondTheLimitFailAtOnce() throws Exception {
    UpstreamForwarder forwarder = forwarder(List.of(silentAddress()), 1);
    CompletableFuture<ByteBuf> waiting = forwarder.forward(query(1, "outside.example"), Transport.UDP);

    CompletableFuture<ByteBuf> refused = forwarder.forward(query(2, "outside.example"), Transport.UDP);

    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join).hasMessageContaining("already waiting");
    assertThat(waiting).isNotDone();
  }

  private UpstreamForwarder forwarder(List<InetSocketAddress> upstreams, int limit) {
    DnsSettings settings = new DnsSettings(new InetSocketAddress("127.0.0.11", 53), upstreams, null,
        Duration.ofMillis(300), Duration.ofSeconds(600), Duration.ofSeconds(5), limit);
    return new UpstreamForwarder(group, settings);
  }

  private InetSocketAddress silentAddress() {
    try {
      return (InetSocketAddress) silent.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bound UDP socket that nobody reads: queries to it vanish without an ICMP refusal. */
  private static DatagramChannel openSilent() {
    try {
      return DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ByteBuf query(int id, String name) {
    EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsQueryEncoder());
    DatagramDnsQuery query = new DatagramDnsQuery(null, ANY, id);
    query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A));
    encoder.writeOutbound(query);
    DatagramPacket packet = encoder.readOutbound();
    encoder.finishAndReleaseAll();
    return packet.content();
  }

  private static DatagramDnsResponse decode(ByteBuf reply) {
    EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
    decoder.writeInbound(new DatagramPacket(reply, ANY, ANY));
    DatagramDnsResponse response = decoder.readInbound();
    decoder.finishAndReleaseAll();
    return response;
  }
}
