package swarm.net.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The resolver of one task: a UDP and a TCP socket on {@link DnsSettings#listen()} inside the task's network
 * namespace, answering from the task's current {@link ServiceNames}. {@link #names(ServiceNames)} swaps the
 * names atomically (queries in flight finish with the old ones); {@link #close()} closes both sockets and
 * the open TCP connections, and returns when they are closed. Thread-safe.
 */
final class TaskResolver implements AutoCloseable {
  final String taskId;
  final Path netns;
  private final AtomicReference<ServiceNames> names;
  private final Channel udp;
  private final Channel tcp;
  /** The TCP clients connected now: closing the listener alone would leave them answered. */
  private final ChannelGroup connections;

  private TaskResolver(String taskId, Path netns, AtomicReference<ServiceNames> names, Channel udp, Channel tcp,
                       ChannelGroup connections) {
    this.taskId = taskId;
    this.netns = netns;
    this.names = names;
    this.udp = udp;
    this.tcp = tcp;
    this.connections = connections;
  }

  static TaskResolver open(String taskId, Path netns, ServiceNames names, DnsSettings settings,
                           EventLoopGroup group, QueryAnswerer answerer, UpstreamForwarder forwarder) {
    AtomicReference<ServiceNames> current = new AtomicReference<>(names);
    // The sockets are made in the task's namespace; Netty then serves them from its own threads, as any other.
    DatagramChannel udpSocket = NamespaceSockets.udp(netns, settings.listen());
    Channel udp;
    try {
      QueryHandler udpHandler = new QueryHandler(taskId, current::get, answerer, forwarder, Transport.UDP);
      udp = new Bootstrap().group(group).channelFactory(() -> new NioDatagramChannel(udpSocket))
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              Pipelines.udp(ch, udpHandler);
            }
          })
          .register().syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      closeQuietly(udpSocket);
      throw e;
    }
    Channel tcp;
    ChannelGroup connections = new DefaultChannelGroup("dns-" + taskId, group.next());
    try {
      ServerSocketChannel tcpSocket = NamespaceSockets.tcp(netns, settings.listen());
      QueryHandler tcpHandler = new QueryHandler(taskId, current::get, answerer, forwarder, Transport.TCP);
      try {
        tcp = new ServerBootstrap().group(group).channelFactory(() -> new NioServerSocketChannel(tcpSocket))
            .childHandler(Pipelines.tcp(tcpHandler, connections))
            .register().syncUninterruptibly().channel();
      } catch (RuntimeException e) {
        closeQuietly(tcpSocket);
        throw e;
      }
    } catch (RuntimeException e) {
      udp.close().syncUninterruptibly();
      throw e;
    }
    return new TaskResolver(taskId, netns, current, udp, tcp, connections);
  }

  void names(ServiceNames latest) {
    names.set(latest);
  }

  ServiceNames names() {
    return names.get();
  }

  @Override
  public void close() {
    udp.close().syncUninterruptibly();
    tcp.close().syncUninterruptibly();
    connections.close().syncUninterruptibly();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (java.io.IOException ignored) {
      // Already failing; the first error is the one to report.
    }
  }
}
