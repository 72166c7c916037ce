package swarm.net.dns;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;

/**
 * Fills a Netty {@link DnsResponse} for a query this server answers itself. Stateless.
 *
 * <p>A reply must fit the transport: over UDP without EDNS, 512 bytes (RFC 1035). An answer with more A records
 * than fit is cut and marked truncated, and the client asks again over TCP, where it gets all of them
 * (as Docker's resolver does with {@code Truncate}).
 */
final class Responses {
  /** The largest UDP reply: this server sends no EDNS OPT record, so the classic limit holds. */
  static final int UDP_LIMIT = 512;
  static final int TCP_LIMIT = 65_535;
  private static final int HEADER = 12;
  private static final int QUESTION_FIXED = 4;
  private static final int RECORD_FIXED = 10;
  private static final int IPV4 = 4;

  private Responses() {}

  /** Copies the query's ID, opcode, RD flag and question into {@code response} and adds the answer. */
  static <R extends DnsResponse> R fill(R response, DnsQuery query, Reply.Answer answer, int limit) {
    response.setId(query.id());
    response.setOpCode(query.opCode());
    response.setRecursionDesired(query.isRecursionDesired());
    response.setRecursionAvailable(true);
    response.setCode(DnsResponseCode.valueOf(answer.rcode()));
    if (query.count(DnsSection.QUESTION) != 1) {
      return response;
    }
    DnsQuestion question = query.recordAt(DnsSection.QUESTION);
    response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type(),
        question.dnsClass()));
    // The server is the authority for the swarm names it answers (Docker sets AA too).
    response.setAuthoritativeAnswer(answer.rcode() == DnsResponseCode.NOERROR.intValue());
    int nameBytes = wireLength(question.name());
    int room = limit - HEADER - nameBytes - QUESTION_FIXED;
    int fits = Math.max(0, room / (nameBytes + RECORD_FIXED + IPV4));
    int added = 0;
    for (String address : answer.addresses()) {
      byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
      if (bytes == null || bytes.length != IPV4) {
        continue;
      }
      if (added == fits) {
        response.setTruncated(true);
        break;
      }
      response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), DnsRecordType.A,
          answer.ttlSeconds(), Unpooled.wrappedBuffer(bytes)));
      added++;
    }
    return response;
  }

  /** The length of a name as Netty encodes it, uncompressed: each label with its length byte, then the root. */
  private static int wireLength(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.isEmpty() ? 1 : n.length() + 2;
  }
}
