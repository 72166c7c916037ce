package swarm.net.dns;

import java.util.List;

/**
 * What the server does with one query, decided by {@link QueryAnswerer} before any bytes are written.
 * Immutable.
 */
public sealed interface Reply {
  /**
   * Answer it here with {@code rcode} and A records for {@code addresses} (none: an empty NOERROR answer, or
   * the bare error code).
   *
   * @param rcode a {@link io.netty.handler.codec.dns.DnsResponseCode} value
   */
  record Answer(int rcode, List<String> addresses, long ttlSeconds) implements Reply {
    public Answer {
      addresses = List.copyOf(addresses);
    }
  }

  /** Not a swarm name: relay the query to the upstream resolvers as it came. */
  record Forward() implements Reply {}
}
