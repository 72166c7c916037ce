package swarm.net.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny upstream resolver on loopback (UDP and TCP, one port) standing in for the host's resolvers, so the
 * tests never need the internet. Knows {@code outside.example} (192.0.2.44, TTL 77) and {@code big.example}
 * ({@link #BIG} addresses: over UDP only a truncated reply, over TCP all); everything else is NXDOMAIN.
 */
final class FakeUpstream implements AutoCloseable {
  static final String OUTSIDE_ADDRESS = "192.0.2.44";
  static final int OUTSIDE_TTL = 77;
  static final int BIG = 60;

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel udp;
  private final Channel tcp;
  final AtomicInteger queries = new AtomicInteger();

  FakeUpstream() {
    Answering handler = new Answering();
    udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), handler);
          }
        }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(), handler);
          }
        }).bind("127.0.0.1", address().getPort()).syncUninterruptibly().channel();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) udp.localAddress();
  }

  @Override
  public void close() {
    udp.close().syncUninterruptibly();
    tcp.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  @ChannelHandler.Sharable
  private final class Answering extends SimpleChannelInboundHandler<DnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery query) {
      queries.incrementAndGet();
      boolean udpQuery = query instanceof DatagramDnsQuery;
      DnsResponse response = udpQuery
          ? new DatagramDnsResponse(((DatagramDnsQuery) query).recipient(), ((DatagramDnsQuery) query).sender(),
              query.id())
          : new DefaultDnsResponse(query.id());
      DnsQuestion q = query.recordAt(DnsSection.QUESTION);
      response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(q.name(), q.type()));
      response.setRecursionAvailable(true);
      if (q.name().equalsIgnoreCase("outside.example.") && q.type().equals(DnsRecordType.A)) {
        response.addRecord(DnsSection.ANSWER, a(q.name(), new byte[] {(byte) 192, 0, 2, 44}, OUTSIDE_TTL));
      } else if (q.name().equalsIgnoreCase("big.example.") && q.type().equals(DnsRecordType.A)) {
        if (udpQuery) {
          response.setTruncated(true);
        } else {
          for (int i = 1; i <= BIG; i++) {
            response.addRecord(DnsSection.ANSWER, a(q.name(), new byte[] {(byte) 192, 0, 2, (byte) i}, 60));
          }
        }
      } else {
        response.setCode(DnsResponseCode.NXDOMAIN);
      }
      ctx.writeAndFlush(response);
    }

    private DefaultDnsRawRecord a(String name, byte[] address, long ttl) {
      return new DefaultDnsRawRecord(name, DnsRecordType.A, ttl, Unpooled.wrappedBuffer(address));
    }
  }
}
