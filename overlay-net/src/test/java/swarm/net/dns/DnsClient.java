package swarm.net.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking DNS client for tests that asks from inside a network namespace, as a task's resolver would: the
 * socket is made there ({@link NamespaceSockets#inside}), Netty's codec writes the query and reads the answer.
 */
final class DnsClient {
  /** What came back: the response code, the A records' addresses and TTLs, and the TC flag. */
  record Answer(DnsResponseCode code, List<String> addresses, List<Long> ttls, boolean truncated, int bytes) {}

  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 1);
  private static final int TIMEOUT_MS = 5_000;

  private DnsClient() {}

  static Answer udp(Path netns, InetSocketAddress server, String name, DnsRecordType type) throws IOException {
    ByteBuf query = encode(name, type);
    try (DatagramChannel ch = NamespaceSockets.inside(netns, "udp client", () -> {
      DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
      c.connect(server);
      return c;
    })) {
      ch.write(query.nioBuffer());
      // The socket adaptor's receive honours SO_TIMEOUT (the channel's read would wait for ever).
      ch.socket().setSoTimeout(TIMEOUT_MS);
      java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[65_535], 65_535);
      ch.socket().receive(packet);
      return decode(Unpooled.wrappedBuffer(packet.getData(), 0, packet.getLength()));
    } finally {
      query.release();
    }
  }

  static Answer tcp(Path netns, InetSocketAddress server, String name, DnsRecordType type) throws IOException {
    ByteBuf query = encode(name, type);
    try (SocketChannel ch = NamespaceSockets.inside(netns, "tcp client", () -> {
      SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET);
      c.connect(server);
      return c;
    })) {
      ch.socket().setSoTimeout(TIMEOUT_MS);
      ByteBuffer out = ByteBuffer.allocate(2 + query.readableBytes());
      out.putShort((short) query.readableBytes()).put(query.nioBuffer()).flip();
      ch.write(out);
      var in = ch.socket().getInputStream();
      byte[] length = in.readNBytes(2);
      int n = ((length[0] & 0xff) << 8) | (length[1] & 0xff);
      return decode(Unpooled.wrappedBuffer(in.readNBytes(n)));
    } finally {
      query.release();
    }
  }

  private static ByteBuf encode(String name, DnsRecordType type) {
    EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsQueryEncoder());
    DatagramDnsQuery query = new DatagramDnsQuery(null, ANY, 4242).setRecursionDesired(true);
    query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
    encoder.writeOutbound(query);
    DatagramPacket packet = encoder.readOutbound();
    encoder.finishAndReleaseAll();
    return packet.content();
  }

  private static Answer decode(ByteBuf bytes) {
    int size = bytes.readableBytes();
    EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
    decoder.writeInbound(new DatagramPacket(bytes, ANY, ANY));
    DnsResponse response = decoder.readInbound();
    try {
      List<String> addresses = new ArrayList<>();
      List<Long> ttls = new ArrayList<>();
      for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
        DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
        if (r.type().equals(DnsRecordType.A) && r instanceof DnsRawRecord raw) {
          byte[] b = new byte[4];
          raw.content().getBytes(raw.content().readerIndex(), b);
          addresses.add(NetUtil.bytesToIpAddress(b));
          ttls.add(r.timeToLive());
        }
      }
      if (response.id() != 4242) {
        throw new IllegalStateException("reply to another query: id " + response.id());
      }
      return new Answer(response.code(), addresses, ttls, response.isTruncated(), size);
    } finally {
      response.release();
      decoder.finishAndReleaseAll();
    }
  }
}
