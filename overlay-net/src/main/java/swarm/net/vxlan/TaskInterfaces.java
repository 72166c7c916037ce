package swarm.net.vxlan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import swarm.core.dispatch.NetworkView;
import swarm.net.gateway.NetworkNamespace;

/**
 * A task's interfaces on overlay networks: one veth pair per network, one end in the task's namespace
 * ({@code eth1}, {@code eth2}, ...) with the task's address on the network and the MAC derived from it
 * ({@link NetworkView#macOf}), the other end on the network's bridge. MTU {@value OverlayNetwork#MTU}. Stateless.
 */
public final class TaskInterfaces {
  private TaskInterfaces() {}

  /**
   * Plugs the task into {@code network}: {@code name} in {@code task}'s namespace with {@code cidr}
   * ({@code 10.0.1.5/24}), up, loopback up too.
   *
   * @throws IllegalStateException with the tool's words; nothing of the pair is left then
   */
  public static void plug(OverlayNetwork network, String taskId, NetworkNamespace task, String name, String cidr) {
    String address = cidr.split("/")[0];
    String outer = bridgePort(taskId);
    try {
      network.netns().ip("link add " + outer + " mtu " + OverlayNetwork.MTU + " type veth peer name " + name
          + " mtu " + OverlayNetwork.MTU + " netns " + task.file() + "\n"
          + "link set " + outer + " master " + OverlayNetwork.BRIDGE + " up\n");
      task.ip("link set lo up\n"
          + "link set " + name + " address " + NetworkView.macOf(address) + "\n"
          + "addr add " + cidr + " dev " + name + "\n"
          + "link set " + name + " up\n");
    } catch (RuntimeException e) {
      unplug(network, taskId);
      throw e;
    }
  }

  /** Removes the task's pair from {@code network}, both ends; nothing when there is none. */
  public static void unplug(OverlayNetwork network, String taskId) {
    if (network.netns().exists()) {
      network.netns().command(ForwardingTable.tool("ip"), "link", "del", bridgePort(taskId)).run();
    }
  }

  /** The bridge's end of a task's veth: {@code ve} and 13 hex digits of the task id's hash (15 at most). */
  static String bridgePort(String taskId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(taskId.getBytes(StandardCharsets.UTF_8));
      return "ve" + HexFormat.of().formatHex(h).substring(0, 13);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
