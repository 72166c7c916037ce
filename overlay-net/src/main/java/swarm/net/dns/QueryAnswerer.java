package swarm.net.dns;

import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Decides the {@link Reply} to one query from the asking task's {@link ServiceNames}: A records for a swarm
 * name (shuffled, so clients that take the first address spread over the tasks), an empty NOERROR answer for
 * any other type of a swarm name (AAAA included: swarm addresses are IPv4 only), a forward for every other
 * name, and NXDOMAIN instead when there is no upstream to forward to. Stateless apart from its
 * {@link Random}, which is thread-safe: any event loop may call it.
 */
public final class QueryAnswerer {
  private final DnsSettings settings;
  private final Upstreams upstreams;
  private final Random random;

  public QueryAnswerer(DnsSettings settings, Random random) {
    this.settings = settings;
    this.upstreams = Upstreams.of(settings);
    this.random = random;
  }

  public Reply reply(DnsQuery query, ServiceNames names) {
    if (!query.opCode().equals(DnsOpCode.QUERY)) {
      return answer(DnsResponseCode.NOTIMP);
    }
    // RFC 9619: a query holds exactly one question; what to answer for several is not defined.
    if (query.count(DnsSection.QUESTION) != 1) {
      return answer(DnsResponseCode.FORMERR);
    }
    DnsQuestion question = query.recordAt(DnsSection.QUESTION);
    if (question.dnsClass() != DnsRecord.CLASS_IN) {
      return forwardOr(DnsResponseCode.NXDOMAIN);
    }
    Optional<ServiceNames.Entry> entry = names.lookup(question.name());
    if (entry.isEmpty()) {
      return forwardOr(DnsResponseCode.NXDOMAIN);
    }
    if (!question.type().equals(DnsRecordType.A)) {
      return answer(DnsResponseCode.NOERROR);
    }
    List<String> addresses = new ArrayList<>(entry.get().addresses());
    Collections.shuffle(addresses, random);
    long ttl = (entry.get().vip() ? settings.vipTtl() : settings.taskTtl()).toSeconds();
    return new Reply.Answer(DnsResponseCode.NOERROR.intValue(), addresses, ttl);
  }

  private Reply forwardOr(DnsResponseCode withoutUpstream) {
    return upstreams.current().isEmpty() ? answer(withoutUpstream) : new Reply.Forward();
  }

  private static Reply answer(DnsResponseCode code) {
    return new Reply.Answer(code.intValue(), List.of(), 0);
  }
}
