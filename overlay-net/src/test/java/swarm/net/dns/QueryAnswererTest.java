package swarm.net.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static swarm.net.dns.Views.dnsrr;
import static swarm.net.dns.Views.network;
import static swarm.net.dns.Views.vip;

import io.netty.handler.codec.dns.DefaultDnsQuery;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import swarm.core.dispatch.NetworkView;
import swarm.core.object.NetworkAttachment;
import swarm.core.object.Task;

class QueryAnswererTest {
  private static final DnsSettings SETTINGS = DnsSettings.defaults()
      .withUpstreams(List.of(new InetSocketAddress("127.0.0.1", 5353)));
  private final QueryAnswerer answerer = new QueryAnswerer(SETTINGS, new Random(7));

  private static final NetworkView FRONT = network("front",
      vip("web", "10.0.1.2/24", List.of("www"), "10.0.1.5/24", "10.0.1.6/24"),
      dnsrr("cache", "10.0.1.7/24", "10.0.1.8/24", "10.0.1.9/24"),
      dnsrr("idle"));
  private static final NetworkView BACK = network("back",
      vip("db", "10.0.2.2/24", List.of(), "10.0.2.5/24"));

  private Reply ask(String name, DnsRecordType type, NetworkView... views) {
    DnsQuery query = new DefaultDnsQuery(1).addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
    try {
      return answerer.reply(query, ServiceNames.of(List.of(views)));
    } finally {
      query.release();
    }
  }

  private static Reply.Answer answered(Reply reply) {
    assertThat(reply).isInstanceOf(Reply.Answer.class);
    return (Reply.Answer) reply;
  }

  @Test
  void serviceNameInVipModeIsTheVipWithDockersTtl() {
    Reply.Answer a = answered(ask("web", DnsRecordType.A, FRONT));
    assertThat(a.rcode()).isEqualTo(DnsResponseCode.NOERROR.intValue());
    assertThat(a.addresses()).containsExactly("10.0.1.2");
    assertThat(a.ttlSeconds()).isEqualTo(600);
  }

  @Test
  void serviceNameInDnsrrModeIsEveryTaskAddressWithTheShortTtl() {
    Reply.Answer a = answered(ask("cache", DnsRecordType.A, FRONT));
    assertThat(a.addresses()).containsExactlyInAnyOrder("10.0.1.7", "10.0.1.8", "10.0.1.9");
    assertThat(a.ttlSeconds()).isEqualTo(5);
  }

  @Test
  void tasksDotNameIsTheTaskAddressesInEitherMode() {
    assertThat(answered(ask("tasks.web", DnsRecordType.A, FRONT)).addresses())
        .containsExactlyInAnyOrder("10.0.1.5", "10.0.1.6");
    assertThat(answered(ask("tasks.cache", DnsRecordType.A, FRONT)).addresses())
        .containsExactlyInAnyOrder("10.0.1.7", "10.0.1.8", "10.0.1.9");
  }

  @Test
  void aliasesResolveLikeTheServiceName() {
    assertThat(answered(ask("www", DnsRecordType.A, FRONT)).addresses()).containsExactly("10.0.1.2");
    assertThat(answered(ask("tasks.www", DnsRecordType.A, FRONT)).addresses())
        .containsExactlyInAnyOrder("10.0.1.5", "10.0.1.6");
  }

  @Test
  void namesAreCaseInsensitiveAndMayBeFullyQualified() {
    assertThat(answered(ask("WeB.", DnsRecordType.A, FRONT)).addresses()).containsExactly("10.0.1.2");
    assertThat(answered(ask("TASKS.Cache.", DnsRecordType.A, FRONT)).addresses()).hasSize(3);
  }

  @Test
  void onlyTheNetworksTheTaskIsOnAreVisible() {
    assertThat(ask("db", DnsRecordType.A, FRONT)).isInstanceOf(Reply.Forward.class);
    assertThat(answered(ask("db", DnsRecordType.A, FRONT, BACK)).addresses()).containsExactly("10.0.2.2");
  }

  @Test
  void theIngressNetworkGivesNoNames() {
    NetworkView ingress = new NetworkView("ingress", "ingress", 4097, "10.255.0.0/16", true, List.of(),
        List.of(vip("db", "10.255.0.9/16", List.of(), "10.255.0.10/16")));
    assertThat(ask("db", DnsRecordType.A, FRONT, ingress)).isInstanceOf(Reply.Forward.class);
  }

  @Test
  void visibleViewsAreThoseOfTheTasksAttachments() {
    Task onBack = new Task("t1", null, Instant.EPOCH, Instant.EPOCH, "s", "api", 1L, "n", null, null, null, null,
        null, null, 0, List.of(new NetworkAttachment("back", List.of("10.0.2.9/24"))));
    assertThat(DnsServer.visibleTo(onBack, List.of(FRONT, BACK))).containsExactly(BACK);
  }

  @Test
  void aServiceOnTwoSharedNetworksAnswersBothVips() {
    NetworkView otherFront = network("front2", vip("web", "10.0.3.2/24", List.of(), "10.0.3.5/24"));
    assertThat(answered(ask("web", DnsRecordType.A, FRONT, otherFront)).addresses())
        .containsExactlyInAnyOrder("10.0.1.2", "10.0.3.2");
  }

  @Test
  void knownServiceWithoutTasksIsAnEmptyNoErrorAnswerNotNxdomain() {
    Reply.Answer a = answered(ask("idle", DnsRecordType.A, FRONT));
    assertThat(a.rcode()).isEqualTo(DnsResponseCode.NOERROR.intValue());
    assertThat(a.addresses()).isEmpty();
    assertThat(answered(ask("tasks.idle", DnsRecordType.A, FRONT)).addresses()).isEmpty();
  }

  @Test
  void aaaaAndOtherTypesOfASwarmNameAreEmptyNoError() {
    for (DnsRecordType type : List.of(DnsRecordType.AAAA, DnsRecordType.MX, DnsRecordType.TXT)) {
      Reply.Answer a = answered(ask("web", type, FRONT));
      assertThat(a.rcode()).as(type.name()).isEqualTo(DnsResponseCode.NOERROR.intValue());
      assertThat(a.addresses()).as(type.name()).isEmpty();
    }
  }

  @Test
  void otherNamesAreForwarded() {
    assertThat(ask("example.org", DnsRecordType.A, FRONT)).isInstanceOf(Reply.Forward.class);
    assertThat(ask("tasks.nothing", DnsRecordType.A, FRONT)).isInstanceOf(Reply.Forward.class);
    assertThat(ask("example.org", DnsRecordType.AAAA, FRONT)).isInstanceOf(Reply.Forward.class);
  }

  @Test
  void otherNamesAreNxdomainWhenThereIsNoUpstream() {
    QueryAnswerer alone = new QueryAnswerer(SETTINGS.withUpstreams(List.of()), new Random(1));
    DnsQuery query = new DefaultDnsQuery(1)
        .addRecord(DnsSection.QUESTION, new DefaultDnsQuestion("example.org", DnsRecordType.A));
    Reply.Answer a = answered(alone.reply(query, ServiceNames.of(List.of(FRONT))));
    query.release();
    assertThat(a.rcode()).isEqualTo(DnsResponseCode.NXDOMAIN.intValue());
  }

  @Test
  void answersAreShuffled() {
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      firsts.add(answered(ask("cache", DnsRecordType.A, FRONT)).addresses().get(0));
    }
    assertThat(firsts).containsExactlyInAnyOrder("10.0.1.7", "10.0.1.8", "10.0.1.9");
  }

  @Test
  void otherOpcodesAreNotImplemented() {
    DnsQuery update = new DefaultDnsQuery(1, DnsOpCode.UPDATE)
        .addRecord(DnsSection.QUESTION, new DefaultDnsQuestion("web", DnsRecordType.A));
    Reply.Answer a = answered(answerer.reply(update, ServiceNames.of(List.of(FRONT))));
    update.release();
    assertThat(a.rcode()).isEqualTo(DnsResponseCode.NOTIMP.intValue());
  }
}
