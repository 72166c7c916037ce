package swarm.net.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Relays a query that is not a swarm name to the host's resolvers and hands back the first reply, byte for
 * byte: the upstreams are tried in order, each given {@link DnsSettings#upstreamTimeout()} (Docker's resolver
 * does the same). Each query gets its own socket in the daemon's (host) namespace, with a fresh source port, so
 * replies cannot be mixed up and the query's ID needs no rewriting; a query that came over TCP goes upstream
 * over TCP, so answers too big for UDP still arrive. At most {@link DnsSettings#maxForwards()} queries wait at
 * once. Thread-safe.
 */
final class UpstreamForwarder {
  private static final int MAX_MESSAGE = 65_535;

  private final EventLoopGroup group;
  private final Upstreams upstreams;
  private final long timeoutMillis;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  UpstreamForwarder(EventLoopGroup group, DnsSettings settings) {
    this.group = group;
    this.upstreams = Upstreams.of(settings);
    this.timeoutMillis = settings.upstreamTimeout().toMillis();
    this.maxInFlight = settings.maxForwards();
  }

  /** Thrown (as the future's failure) when no upstream answered or too many queries are waiting. */
  static final class NoAnswer extends IOException {
    NoAnswer(String message) {
      super(message);
    }
  }

  /**
   * The first upstream reply to {@code query} (the caller releases it), or {@link NoAnswer}. Takes ownership of
   * {@code query}.
   */
  CompletableFuture<ByteBuf> forward(ByteBuf query, Transport transport) {
    CompletableFuture<ByteBuf> result = new CompletableFuture<>();
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      query.release();
      result.completeExceptionally(new NoAnswer(maxInFlight + " queries are already waiting for an upstream"));
      return result;
    }
    result.whenComplete((reply, error) -> {
      inFlight.decrementAndGet();
      query.release();
    });
    attempt(upstreams.current(), 0, query, transport, result, new CopyOnWriteArrayList<>());
    return result;
  }

  private void attempt(List<InetSocketAddress> upstreams, int index, ByteBuf query, Transport transport,
                       CompletableFuture<ByteBuf> result, List<String> failures) {
    if (result.isDone()) {
      return;
    }
    if (index >= upstreams.size()) {
      result.completeExceptionally(new NoAnswer(upstreams.isEmpty() ? "no upstream resolver is configured"
          : "no upstream resolver answered: " + String.join(", ", failures)));
      return;
    }
    InetSocketAddress upstream = upstreams.get(index);
    AtomicBoolean over = new AtomicBoolean();
    // Called once per upstream at most, from whichever of timeout, error or close comes first.
    Consumer<String> failed = reason -> {
      if (over.compareAndSet(false, true)) {
        failures.add(upstream + " (" + reason + ")");
        attempt(upstreams, index + 1, query, transport, result, failures);
      }
    };
    Bootstrap bootstrap = new Bootstrap().group(group)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (transport == Transport.TCP) {
              ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_MESSAGE, 0, 2, 0, 2),
                  new LengthFieldPrepender(2));
            }
            ch.pipeline().addLast(new ReplyHandler(result, failed));
          }
        });
    bootstrap.channelFactory(transport == Transport.TCP ? NioSocketChannel::new : NioDatagramChannel::new);
    bootstrap.connect(upstream).addListener((ChannelFuture connected) -> {
      if (!connected.isSuccess()) {
        failed.accept(String.valueOf(connected.cause().getMessage()));
        return;
      }
      Channel ch = connected.channel();
      ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
        failed.accept("no reply within " + timeoutMillis + " ms");
        ch.close();
      }, timeoutMillis, TimeUnit.MILLISECONDS);
      ch.closeFuture().addListener(closed -> timeout.cancel(false));
      result.whenComplete((reply, error) -> ch.close());
      ch.writeAndFlush(query.retainedDuplicate()).addListener((ChannelFuture sent) -> {
        if (!sent.isSuccess()) {
          failed.accept(String.valueOf(sent.cause().getMessage()));
          ch.close();
        }
      });
    });
  }

  /** Takes the first reply on one upstream socket; an error (ICMP unreachable, reset) moves to the next. */
  private static final class ReplyHandler extends SimpleChannelInboundHandler<Object> {
    private final CompletableFuture<ByteBuf> result;
    private final Consumer<String> failed;

    ReplyHandler(CompletableFuture<ByteBuf> result, Consumer<String> failed) {
      this.result = result;
      this.failed = failed;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      ByteBuf reply = msg instanceof DatagramPacket packet ? packet.content() : (ByteBuf) msg;
      reply.retain();
      if (!result.complete(reply)) {
        reply.release();
      }
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!result.isDone()) {
        failed.accept("closed without a reply");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failed.accept(String.valueOf(cause.getMessage()));
      ctx.close();
    }
  }
}
