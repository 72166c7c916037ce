package swarm.net.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import swarm.core.json.Json;
import swarm.core.spec.PortConfig;
import swarm.net.firewall.Nft;

/**
 * Tasks on this host's gateway network: {@link #attach} plugs a task's network namespace into {@link GatewayBridge}
 * by a veth ({@code eth0}) with an address of the pool; {@link #publish} forwards its host-mode ports to it;
 * {@link #detach} undoes both. What is attached is kept on disk ({@code <dir>/<task id>.json}), so a restarted
 * daemon {@link #restore}s the ports of the containers it adopts. Thread-safe.
 */
public final class GatewayNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayNetwork.class);
  public static final String DEFAULT_SUBNET = "172.18.0.0/16";

  /** A task on the network, as stored: its address, its namespace and the ports published to it (empty: none). */
  public record Attachment(String taskId, String address, Path netns, List<PortConfig> ports) {
    public Attachment {
      ports = ports == null ? List.of() : List.copyOf(ports);
    }

    Attachment withPorts(List<PortConfig> p) {
      return new Attachment(taskId, address, netns, p);
    }
  }

  private final Path dir;
  private final GatewayBridge bridge;
  private final HostPorts ports;
  private final Map<String, Attachment> attached = new TreeMap<>();
  private boolean bridgeReady;

  GatewayNetwork(Path dir, GatewayBridge bridge, Nft nft) {
    this.dir = dir;
    this.bridge = bridge;
    this.ports = new HostPorts(nft, bridge);
  }

  /** The network of this host's {@code swarm_gwbridge} and 172.18.0.0/16, its state kept under {@code dir}. */
  public static GatewayNetwork under(Path dir) {
    return new GatewayNetwork(dir, new GatewayBridge(GatewayBridge.NAME, AddressPool.parse(DEFAULT_SUBNET)), Nft.host());
  }

  /**
   * Plugs the task's namespace {@code ns} into the network unless the task is attached already: loopback up,
   * {@code eth0} with the next free address, default route via the bridge. The namespace is the caller's: {@link
   * #detach} leaves it, and {@code eth0} goes with it when the caller deletes it.
   */
  public synchronized Attachment attach(String taskId, NetworkNamespace ns) {
    Attachment known = attached.get(taskId);
    if (known != null) {
      return known;
    }
    if (!bridgeReady) {
      bridge.ensure();
      ports.apply(forwards(attached)); // the table also masquerades what tasks send out: before the first task
      bridgeReady = true;
    }
    Set<String> taken = new HashSet<>();
    attached.values().forEach(a -> taken.add(a.address()));
    String address = bridge.pool().next(taken);
    Attachment a = new Attachment(taskId, address, ns.file(), List.of());
    String veth = vethName(taskId);
    try {
      ns.ip("link set lo up\n"
          + "link add eth0 type veth peer name " + veth + " netns " + ProcessHandle.current().pid() + "\n"
          + "addr add " + address + "/" + bridge.pool().prefixLength() + " dev eth0\n"
          + "link set eth0 up\n"
          + "route add default via " + bridge.pool().gateway() + "\n");
      bridge.plug(veth);
      save(a);
    } catch (RuntimeException e) {
      ns.command(GatewayBridge.ip(), "link", "del", "eth0").run();
      throw e;
    }
    attached.put(taskId, a);
    return a;
  }

  /**
   * Forwards {@code hostPorts} of this host to the attached task.
   *
   * @throws IllegalStateException naming the port when another task or program of this host has it
   */
  public synchronized void publish(String taskId, List<PortConfig> hostPorts) {
    Attachment a = attached.get(taskId);
    if (a == null) {
      throw new IllegalStateException("task " + taskId + " is not attached to the gateway network");
    }
    for (PortConfig p : hostPorts) {
      for (Attachment other : attached.values()) {
        if (!other.taskId().equals(taskId) && other.ports().stream().anyMatch(o -> samePort(o, p))) {
          throw new IllegalStateException("host port " + p.publishedPort() + "/" + p.protocol().wire()
              + " is already published on this node by task " + other.taskId());
        }
      }
    }
    Map<String, Attachment> next = new TreeMap<>(attached);
    next.put(taskId, a.withPorts(hostPorts));
    ports.apply(forwards(next));
    attached.put(taskId, next.get(taskId));
    save(next.get(taskId));
  }

  /**
   * Unpublishes the task's ports and frees its address; nothing when it is not attached. Its namespace, and
   * {@code eth0} in it, are left to the namespace's owner to delete.
   */
  public synchronized void detach(String taskId) {
    Attachment a = attached.get(taskId);
    if (a == null) {
      return;
    }
    if (!a.ports().isEmpty()) {
      Map<String, Attachment> next = new TreeMap<>(attached);
      next.remove(taskId);
      ports.apply(forwards(next));
    }
    attached.remove(taskId);
    try {
      Files.deleteIfExists(stateFile(taskId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + stateFile(taskId), e);
    }
  }

  /**
   * Reads what a previous run attached and publishes its ports again. An attachment whose namespace is gone (the
   * host rebooted) is forgotten: its task's container is gone too and will be prepared again.
   */
  public synchronized void restore() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Attachment> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> {
        try {
          found.add(Json.read(Files.readAllBytes(f), Attachment.class));
        } catch (IOException | RuntimeException e) {
          LOG.warn("ignoring unreadable gateway attachment {}: {}", f, e.getMessage());
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    for (Attachment a : found) {
      if (new NetworkNamespace(a.netns()).exists()) {
        attached.put(a.taskId(), a);
      } else {
        detachStale(a);
      }
    }
    if (!attached.isEmpty()) {
      bridge.ensure();
      bridgeReady = true;
      try {
        ports.apply(forwards(attached));
      } catch (RuntimeException e) {
        LOG.warn("cannot publish the ports of adopted tasks again: {}", e.getMessage());
      }
    }
  }

  /** The task is plugged into this network (every task with published ports or networks is). */
  public synchronized boolean isAttached(String taskId) {
    return attached.containsKey(taskId);
  }

  private void detachStale(Attachment a) {
    try {
      Files.deleteIfExists(stateFile(a.taskId()));
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", stateFile(a.taskId()), e.getMessage());
    }
  }

  private static Map<String, List<HostPorts.Forward>> forwards(Map<String, Attachment> all) {
    Map<String, List<HostPorts.Forward>> out = new HashMap<>();
    for (Attachment a : all.values()) {
      out.put(a.taskId(), a.ports().stream().map(p -> new HostPorts.Forward(p, a.address())).toList());
    }
    return out;
  }

  private static boolean samePort(PortConfig a, PortConfig b) {
    return a.publishedPort().equals(b.publishedPort()) && a.protocol() == b.protocol();
  }

  /** Host end of a task's veth: {@code veth} and 11 hex digits of the task id's hash (names are at most 15). */
  static String vethName(String taskId) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(taskId.getBytes(StandardCharsets.UTF_8));
      return "veth" + HexFormat.of().formatHex(h).substring(0, 11);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path stateFile(String taskId) {
    return dir.resolve(taskId + ".json");
  }

  private void save(Attachment a) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + a.taskId() + ".json.tmp");
      Files.write(tmp, Json.toBytes(a));
      Files.move(tmp, stateFile(a.taskId()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stateFile(a.taskId()), e);
    }
  }
}
