package swarm.net.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsResponse;

/** How replies leave for each transport a task's resolver may use: what a handler writes, and the size limit. */
enum Transport {
  /** Replies are addressed envelopes, at most 512 bytes. */
  UDP(Responses.UDP_LIMIT) {
    @Override
    DnsResponse newResponse(ReceivedQuery query) {
      return new DatagramDnsResponse(query.recipient(), query.sender(), query.query().id());
    }

    @Override
    Object relayed(ByteBuf reply, ReceivedQuery query) {
      return new DatagramPacket(reply, query.sender(), query.recipient());
    }
  },
  /** Replies go on the client's connection; the pipeline adds the two-byte length (RFC 1035 4.2.2). */
  TCP(Responses.TCP_LIMIT) {
    @Override
    DnsResponse newResponse(ReceivedQuery query) {
      return new DefaultDnsResponse(query.query().id());
    }

    @Override
    Object relayed(ByteBuf reply, ReceivedQuery query) {
      return reply;
    }
  };

  final int limit;

  Transport(int limit) {
    this.limit = limit;
  }

  /** An empty response to {@code query}, for {@link Responses#fill} to complete. */
  abstract DnsResponse newResponse(ReceivedQuery query);

  /** An upstream's reply bytes, ready to write back to the client of {@code query}. */
  abstract Object relayed(ByteBuf reply, ReceivedQuery query);
}
