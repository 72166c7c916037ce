package swarm.net.lb;

import java.io.Closeable;
import swarm.core.spec.PortConfig;

/**
 * Keeps a published port of the node taken while the routing mesh serves it, so that no other program can bind
 * it and a port already taken is found before it is published. Production: {@link SocketPortHolder} (the daemon
 * runs in the node's host namespace); tests that play nodes in namespaces of their own supply one that binds
 * there.
 */
public interface PortHolder {
  /**
   * Takes {@code port} (its published port and protocol); closing the result frees it.
   *
   * @throws IllegalStateException naming the port when another program holds it
   */
  Closeable hold(PortConfig port);
}
