package swarm.net.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DnsQuery;
import java.net.InetSocketAddress;

/**
 * One query as it arrived: decoded by Netty to decide the answer, and its exact bytes to relay upstream when
 * it is not a swarm name (so EDNS options, flags and the ID travel unchanged). Holds a reference on both; the
 * handler that receives it calls {@link #release()}. Not thread-safe: one event loop owns it.
 *
 * @param sender the asking client (a task's resolver), where a UDP reply goes
 * @param recipient the address the query came to (127.0.0.11:53 in the task's namespace)
 */
record ReceivedQuery(DnsQuery query, ByteBuf bytes, InetSocketAddress sender, InetSocketAddress recipient) {
  void release() {
    query.release();
    bytes.release();
  }
}
