package swarm.net.lb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import swarm.core.spec.PortConfig;

class SocketPortHolderTest {
  @Test
  void aPortAnotherProgramListensOnIsRefusedByNumber() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = other.getLocalPort();
      // the same port on loopback only: binding it again must fail, the way 0.0.0.0 would on a taken port
      assertThatThrownBy(() -> SocketPortHolder.hold(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          PortConfig.Protocol.TCP)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("published port " + port + "/tcp is already in use on this node");
    }
  }
}
