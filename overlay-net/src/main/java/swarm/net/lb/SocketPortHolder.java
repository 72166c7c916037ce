package swarm.net.lb;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import swarm.core.spec.PortConfig;

/**
 * Holds a published port with a socket of this process bound to {@code 0.0.0.0:PORT} and never read (as
 * {@code docker-proxy} does): the mesh's DNAT in prerouting takes the traffic before it reaches the socket.
 * Thread-safe.
 */
public final class SocketPortHolder implements PortHolder {
  @Override
  public Closeable hold(PortConfig port) {
    return hold(new InetSocketAddress("0.0.0.0", port.publishedPort()), port.protocol());
  }

  static Closeable hold(InetSocketAddress address, PortConfig.Protocol protocol) {
    String name = address.getPort() + "/" + protocol.wire();
    try {
      if (protocol == PortConfig.Protocol.UDP) {
        return DatagramChannel.open(StandardProtocolFamily.INET).bind(address);
      }
      return ServerSocketChannel.open(StandardProtocolFamily.INET).bind(address);
    } catch (BindException e) {
      throw new IllegalStateException("published port " + name + " is already in use on this node: another "
          + "program listens on it, so the routing mesh cannot publish it here", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot hold published port " + name + ": " + e.getMessage(), e);
    }
  }
}
