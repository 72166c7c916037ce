package swarm.net.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import java.util.List;

/**
 * Netty's DNS query decoder that also keeps the query's bytes: it turns each datagram into a
 * {@link ReceivedQuery}. One per channel (Netty decoders are not shared); runs on its channel's event loop.
 */
final class QueryDecoder extends DatagramDnsQueryDecoder {
  @Override
  protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) throws Exception {
    ByteBuf bytes = packet.content().retainedDuplicate();
    int before = out.size();
    try {
      super.decode(ctx, packet, out);
    } catch (Exception | Error e) {
      bytes.release();
      throw e;
    }
    DatagramDnsQuery query = (DatagramDnsQuery) out.remove(before);
    out.add(new ReceivedQuery(query, bytes, query.sender(), query.recipient()));
  }
}
