package swarm.net.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Netty pipelines of a task's resolver sockets, one small handler per step (Netty's codec does the DNS
 * wire format):
 * <ul>
 *   <li>UDP: datagram → {@link QueryDecoder} → {@link QueryHandler}; replies are either a {@link DnsResponse}
 *       (encoded by Netty) or an upstream's reply, a datagram written as it is.
 *   <li>TCP: an idle timeout, two-byte length framing (RFC 1035 4.2.2) → the frame as a datagram from the connection's peer →
 *       the same decoder and handler; replies framed again.
 * </ul>
 * Stateless.
 */
final class Pipelines {
  private static final int MAX_MESSAGE = 65_535;
  /** A TCP client that sends nothing for this long is disconnected (RFC 7766 allows idle timeouts). */
  private static final int TCP_IDLE_SECONDS = 10;

  private Pipelines() {}

  static void udp(Channel channel, QueryHandler handler) {
    channel.pipeline().addLast(new QueryDecoder(), new UdpResponseEncoder(), handler);
  }

  /** Each accepted connection joins {@code connections}, so the task's resolver can close them all. */
  static ChannelInitializer<Channel> tcp(QueryHandler handler, ChannelGroup connections) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.add(ch);
        // Outbound runs tail to head: a relayed reply (bytes) gets its length from the prepender; a response of
        // ours passes it and gets its length from Netty's TCP DNS encoder.
        ch.pipeline().addLast(new ReadTimeoutHandler(TCP_IDLE_SECONDS, TimeUnit.SECONDS),
            new LengthFieldBasedFrameDecoder(MAX_MESSAGE, 0, 2, 0, 2), new FrameAsDatagram(),
            new QueryDecoder(), new TcpDnsResponseEncoder(), new LengthFieldPrepender(2), handler);
      }
    };
  }

  /** Netty's UDP response encoder, but for responses only: an upstream's reply datagram passes untouched. */
  private static final class UdpResponseEncoder extends DatagramDnsResponseEncoder {
    @Override
    public boolean acceptOutboundMessage(Object msg) {
      return msg instanceof DnsResponse;
    }
  }

  /** A TCP frame as the datagram it would have been, so one decoder serves both transports. */
  private static final class FrameAsDatagram extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
      out.add(new DatagramPacket(frame.retain(), (InetSocketAddress) ctx.channel().localAddress(),
          (InetSocketAddress) ctx.channel().remoteAddress()));
    }
  }
}
