package swarm.net.dns;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one task's queries, on UDP or TCP: swarm names from the task's current {@link ServiceNames}, anything
 * else relayed to the upstreams, SERVFAIL when none answers. Shared by the task's channels (stateless but for
 * the names supplier, read once per query); runs on their event loops.
 */
@ChannelHandler.Sharable
final class QueryHandler extends SimpleChannelInboundHandler<ReceivedQuery> {
  private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);

  private final String taskId;
  private final Supplier<ServiceNames> names;
  private final QueryAnswerer answerer;
  private final UpstreamForwarder forwarder;
  private final Transport transport;

  QueryHandler(String taskId, Supplier<ServiceNames> names, QueryAnswerer answerer, UpstreamForwarder forwarder,
               Transport transport) {
    super(ReceivedQuery.class, false);
    this.taskId = taskId;
    this.names = names;
    this.answerer = answerer;
    this.forwarder = forwarder;
    this.transport = transport;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ReceivedQuery received) {
    try {
      Reply reply = answerer.reply(received.query(), names.get());
      if (reply instanceof Reply.Answer answer) {
        ctx.writeAndFlush(Responses.fill(transport.newResponse(received), received.query(), answer,
            transport.limit));
        return;
      }
      // The query is released below; what a SERVFAIL needs of it is kept.
      DnsResponse servfail = Responses.fill(transport.newResponse(received), received.query(),
          new Reply.Answer(DnsResponseCode.SERVFAIL.intValue(), List.of(), 0), transport.limit);
      String asked = describe(received.query());
      forwarder.forward(received.bytes().retain(), transport).whenComplete((bytes, error) -> {
        if (error == null) {
          servfail.release();
          ctx.writeAndFlush(transport.relayed(bytes, received));
        } else {
          LOG.debug("task {}: {} not answered: {}", taskId, asked, error.getMessage());
          ctx.writeAndFlush(servfail);
        }
      });
    } finally {
      received.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A malformed datagram, or a TCP client that broke off or went idle: drop it and keep serving (UDP), or
    // let that connection go (TCP). Nothing a task sends can stop its resolver.
    LOG.debug("task {}: dropped a {} query or connection: {}", taskId, transport, cause.toString());
    if (transport == Transport.TCP) {
      ctx.close();
    }
  }

  private static String describe(DnsQuery query) {
    return query.count(DnsSection.QUESTION) == 0 ? "a query without question"
        : query.recordAt(DnsSection.QUESTION).toString();
  }
}
